import type { Queryable } from '../db.ts';
import type { ExistingArea } from '../../domain/resolve_area_tree.ts';

/** The stored paths of `codes` and of every ancestor of theirs, so the tree can be resolved in memory. */
export async function selectAreaPaths(db: Queryable, codes: string[]): Promise<ExistingArea[]> {
  return db.query<ExistingArea>(
    `with hit as (select code, path from area where code = any($1::text[]))
     select code, path from hit
     union
     select a.code, a.path from area a
      where a.code = any(select unnest(string_to_array(hit.path, '/')) from hit)`,
    [codes],
  );
}
