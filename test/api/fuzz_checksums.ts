import type { Db } from '../../server/db/db.ts';

/**
 * Every table of the public schema and a checksum of its rows (count and an order-independent
 * md5 of each row's text), to prove that a run of requests wrote nothing anywhere.
 */
export async function tableChecksums(db: Db): Promise<Map<string, string>> {
  const tables = await db.query<{ name: string }>(
    `select quote_ident(table_name) as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'spatial_ref_sys' order by 1`,
  );
  const sums = new Map<string, string>();
  for (const { name } of tables) {
    // `name` comes from the catalog, quoted by quote_ident: not user input.
    const [row] = await db.query<{ n: number; h: string }>(
      `select count(*)::int as n, md5(coalesce(string_agg(r, '' order by r), '')) as h from (select md5(t::text) as r from ${name} t) s`,
    );
    sums.set(name, `${row.n}:${row.h}`);
  }
  return sums;
}
