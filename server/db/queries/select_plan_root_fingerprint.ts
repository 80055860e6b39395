import type { Queryable } from '../db.ts';

/**
 * A fingerprint of the published subtree under `root` (codes, parents, names, levels, kinds and
 * geometry bytes): a plan keeps the one it was copied from, and publish compares. Null when the
 * root does not exist.
 */
export async function selectPlanRootFingerprint(db: Queryable, root: string): Promise<{ fingerprint: string; region: string; version: number | null } | null> {
  const rows = await db.query<{ fingerprint: string; region: string; version: number | null }>(
    `select md5(string_agg(concat_ws(':', a.code, a.parent_id, a.name, a.level, a.kind, md5(st_asbinary(a.geom))), ',' order by a.code)) as fingerprint,
            min(r.region) as region,
            -- The newest version published over this subtree: at an ancestor, the root or below it.
            (select max(v.id) from plan_version v
              where v.root_code = any(string_to_array(min(r.path), '/'))
                 or v.root_code in (select d.code from area d where starts_with(d.path, min(r.path) || '/'))) as version
       from area r
       join area a on a.path = r.path or starts_with(a.path, r.path || '/')
      where r.code = $1::text`,
    [root],
  );
  return rows[0]?.fingerprint ? rows[0] : null;
}
