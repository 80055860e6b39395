import type { Queryable } from '../db.ts';

export interface UnplacedRow {
  region: string;
  kind: 'household' | 'facility';
  id: string;
  cell_id: number;
  address: string | null;
  fields: Record<string, unknown>;
}

/**
 * Keeps register rows that name their grid but cannot be placed, replacing those with the same
 * (region, kind, id); the placed rows of the same import are taken out of this list (they now
 * have a point).
 */
export async function upsertUnplacedRows(db: Queryable, kind: 'household' | 'facility', region: string, rows: UnplacedRow[], placedIds: string[]): Promise<number> {
  await db.query(`delete from unplaced_register_row where region = $1::text and kind = $2::text and id = any($3::text[])`, [region, kind, placedIds]);
  if (rows.length === 0) return 0;
  const [r] = await db.query<{ n: number }>(
    `with written as (
       insert into unplaced_register_row (region, kind, id, cell_id, address, fields)
       select $1::text, $2::text, r.id, r.cell_id, r.address, r.fields::jsonb
         from unnest($3::text[], $4::int[], $5::text[], $6::text[]) as r(id, cell_id, address, fields)
       on conflict (region, kind, id) do update set
         cell_id = excluded.cell_id, address = excluded.address, fields = excluded.fields, updated_at = now()
       returning 1)
     select count(*)::int as n from written`,
    [region, kind, rows.map((u) => u.id), rows.map((u) => u.cell_id), rows.map((u) => u.address), rows.map((u) => JSON.stringify(u.fields))],
  );
  return r.n;
}
