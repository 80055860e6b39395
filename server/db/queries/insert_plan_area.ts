import type { Queryable } from '../db.ts';

export interface NewPlanArea {
  code: string;
  parent_code: string;
  level: string;
  kind: string;
  name: string;
  /** Hex EWKB, or null for an outline to be drawn from its children right after. */
  geom: string | null;
}

/** Adds a cell made in the draft (no published area behind it). */
export async function insertPlanArea(db: Queryable, planId: number, a: NewPlanArea): Promise<void> {
  await db.query(
    `insert into plan_area (plan_id, code, parent_code, level, kind, name, geom)
     values ($1::int, $2::text, $3::text, $4::text, $5::text, $6::text,
             coalesce(st_geomfromewkb(decode($7::text, 'hex')), 'SRID=4326;MULTIPOLYGON EMPTY'::geometry))`,
    [planId, a.code, a.parent_code, a.level, a.kind, a.name, a.geom],
  );
}
