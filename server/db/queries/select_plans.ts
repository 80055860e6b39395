import type { Queryable } from '../db.ts';
import { PLAN_COLUMNS, type PlanRecord } from './plan_row.ts';

/**
 * Plans, newest first: those whose root is `root` or lies under it (or all when null), limited to
 * the subtrees in `scope` (null: everywhere), discarded ones only when asked.
 */
export async function selectPlans(db: Queryable, root: string | null, scope: string[] | null, withDiscarded: boolean): Promise<PlanRecord[]> {
  return db.query<PlanRecord>(
    `select ${PLAN_COLUMNS}
       from plan p
       left join area r on r.code = p.root_code
      where ($1::text is null or p.root_code = $1::text or $1::text = any(string_to_array(r.path, '/')))
        and ($2::text[] is null or p.root_code = any($2::text[]) or string_to_array(r.path, '/') && $2::text[])
        and ($3::boolean or p.status <> 'discarded')
      order by p.id desc`,
    [root, scope, withDiscarded],
  );
}
