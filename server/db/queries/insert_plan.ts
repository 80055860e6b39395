import type { Queryable } from '../db.ts';
import { PLAN_COLUMNS, type PlanRecord } from './plan_row.ts';

export interface NewPlan {
  region: string;
  root: string;
  name: string;
  createdBy: string;
  baseVersion: number | null;
  baseFingerprint: string;
  proposalId: number | null;
}

/** Stores a new draft plan (its cells are copied separately) and returns it. */
export async function insertPlan(db: Queryable, p: NewPlan): Promise<PlanRecord> {
  const [row] = await db.query<PlanRecord>(
    `with p as (
       insert into plan (region, root_code, name, created_by, base_version, base_fingerprint, proposal_id)
       values ($1::text, $2::text, $3::text, $4::text, $5::int, $6::text, $7::int)
       returning *)
     select ${PLAN_COLUMNS} from p`,
    [p.region, p.root, p.name, p.createdBy, p.baseVersion, p.baseFingerprint, p.proposalId],
  );
  return row;
}
