import type { Queryable } from '../db.ts';

/** What an edit changes on one draft cell; absent fields stay as they are. */
export interface PlanAreaChange {
  /** Hex EWKB. */
  geom?: string;
  parent_code?: string;
  name?: string;
  locked?: boolean;
}

/** Changes one draft cell in place. */
export async function updatePlanArea(db: Queryable, planId: number, code: string, c: PlanAreaChange): Promise<void> {
  await db.query(
    `update plan_area
        set geom = coalesce(st_geomfromewkb(decode($3::text, 'hex')), geom),
            parent_code = coalesce($4::text, parent_code),
            name = coalesce($5::text, name),
            locked = coalesce($6::boolean, locked)
      where plan_id = $1::int and code = $2::text`,
    [planId, code, c.geom ?? null, c.parent_code ?? null, c.name ?? null, c.locked ?? null],
  );
}
