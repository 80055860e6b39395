import type { Queryable } from '../db.ts';
import type { PlanRow } from './plan_row.ts';

/**
 * Puts rows back exactly as the edit log kept them (undo and redo): `rows` are written over
 * whatever is stored, `absent` codes are removed (cells that did not exist at that moment).
 * Only cells made in the draft are ever absent; published copies are flagged deleted instead.
 */
export async function restorePlanRows(db: Queryable, planId: number, rows: PlanRow[], absent: string[]): Promise<void> {
  if (absent.length) await db.query(`delete from plan_area where plan_id = $1::int and code = any($2::text[])`, [planId, absent]);
  if (rows.length === 0) return;
  await db.query(
    `insert into plan_area (plan_id, code, area_id, parent_code, level, kind, name, attrs, geom, locked, deleted, successor)
     select $1::int, r.code, r.area_id, r.parent_code, r.level, r.kind, r.name, r.attrs, st_geomfromewkb(decode(r.geom, 'hex')), r.locked, r.deleted, r.successor
       from jsonb_to_recordset($2::jsonb) as r(code text, area_id int, parent_code text, level text, kind text, name text, attrs jsonb,
                                               geom text, locked boolean, deleted boolean, successor text)
     on conflict (plan_id, code) do update
        set parent_code = excluded.parent_code, level = excluded.level, kind = excluded.kind, name = excluded.name,
            attrs = excluded.attrs, geom = excluded.geom, locked = excluded.locked, deleted = excluded.deleted, successor = excluded.successor`,
    [planId, JSON.stringify(rows)],
  );
}
