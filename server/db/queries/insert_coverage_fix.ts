import type { Queryable } from '../db.ts';

export interface CoverageFixRecord {
  problem_id: string;
  kind: string;
  type: string;
  params: Record<string, unknown>;
  codes: string[];
  before: { code: string; wkb: string }[];
  after: { code: string; wkb: string }[];
}

/** Logs an applied fix with the geometries before and after; returns its id. */
export async function insertCoverageFix(db: Queryable, fix: CoverageFixRecord): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `insert into coverage_fix (problem_id, kind, type, params, codes, before, after)
     values ($1::text, $2::text, $3::text, $4::jsonb, $5::text[], $6::jsonb, $7::jsonb)
     returning id`,
    [fix.problem_id, fix.kind, fix.type, JSON.stringify(fix.params), fix.codes, JSON.stringify(fix.before), JSON.stringify(fix.after)],
  );
  return row.id;
}
