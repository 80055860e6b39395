import type { Queryable } from '../db.ts';
import { PLAN_VERSION_COLUMNS, type PlanVersion } from './select_plan_versions.ts';

/** Records one publish. */
export async function insertPlanVersion(
  db: Queryable,
  v: { planId: number; region: string; root: string; by: string; reason: string; baseVersion: number | null; codes: string[]; moved: unknown },
): Promise<PlanVersion> {
  const [row] = await db.query<PlanVersion>(
    `with v as (
       insert into plan_version (plan_id, region, root_code, published_by, reason, base_version, codes, moved)
       values ($1::int, $2::text, $3::text, $4::text, $5::text, $6::int, $7::text[], $8::jsonb)
       returning *)
     select ${PLAN_VERSION_COLUMNS} from v`,
    [v.planId, v.region, v.root, v.by, v.reason, v.baseVersion, v.codes, JSON.stringify(v.moved)],
  );
  return row;
}
