import type { Queryable } from '../db.ts';

/** The named secret, made from `fresh` the first time it is asked for; every process then agrees on it. */
export async function selectOrCreateSecret(db: Queryable, name: string, fresh: string): Promise<string> {
  await db.query(`insert into server_secret (name, value) values ($1::text, $2::text) on conflict (name) do nothing`, [name, fresh]);
  const [row] = await db.query<{ value: string }>(`select value from server_secret where name = $1::text`, [name]);
  return row.value;
}
