import type { Queryable } from '../db.ts';

export interface PlanVersion {
  id: number;
  plan_id: number;
  root: string;
  published_by: string;
  published_at: string;
  reason: string;
  base_version: number | null;
  codes: string[];
  moved: Record<string, unknown>;
}

export const PLAN_VERSION_COLUMNS = `v.id, v.plan_id, v.root_code as root, v.published_by,
  to_char(v.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_at,
  v.reason, v.base_version, v.codes, v.moved`;

/** Published versions, newest first, limited to roots in `scope`'s subtrees (null: all), or one by id. */
export async function selectPlanVersions(db: Queryable, scope: string[] | null, id?: number): Promise<PlanVersion[]> {
  return db.query<PlanVersion>(
    `select ${PLAN_VERSION_COLUMNS}
       from plan_version v
       left join area r on r.code = v.root_code
      where ($1::text[] is null or v.root_code = any($1::text[]) or string_to_array(r.path, '/') && $1::text[])
        and ($2::int is null or v.id = $2::int)
      order by v.id desc`,
    [scope, id ?? null],
  );
}
