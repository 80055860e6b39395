import type { Queryable } from '../db.ts';

/**
 * Moves the stored descendants of a re-parented area: every path under `from` now starts with
 * `to`, and depth and region follow. `keep` lists codes whose paths were already written.
 */
export async function repathAreas(db: Queryable, from: string, to: string, keep: string[]): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with moved as (
       update area
          set path = $2::text || substr(path, length($1::text) + 1),
              depth = array_length(string_to_array($2::text || substr(path, length($1::text) + 1), '/'), 1) - 1,
              region = split_part($2::text, '/', 1),
              updated_at = now()
        where starts_with(path, $1::text || '/') and code <> all($3::text[])
       returning 1)
     select count(*)::int as n from moved`,
    [from, to, keep],
  );
  return rows[0].n;
}
