import type { Queryable } from '../db.ts';

/**
 * The unit a visit goes to: the unit named by code, or the unit holding the household named by
 * id. Undefined when there is no such unit (or household, or it lies in no unit).
 */
export async function selectVisitTarget(db: Queryable, t: { unit?: string; household?: string }): Promise<{ unit_code: string; area_path: string; household_region: string | null; household_id: string | null } | undefined> {
  const [row] = t.household
    ? await db.query<{ unit_code: string; area_path: string; household_region: string; household_id: string }>(
        `select a.code as unit_code, a.path as area_path, h.region as household_region, h.id as household_id
           from household h join area a on a.id = h.cell_id
          where h.id = $1::text and a.level = 'unit' order by h.region limit 1`,
        [t.household],
      )
    : await db.query<{ unit_code: string; area_path: string; household_region: null; household_id: null }>(
        `select code as unit_code, path as area_path, null as household_region, null as household_id from area where code = $1::text and level = 'unit'`,
        [t.unit],
      );
  return row;
}
