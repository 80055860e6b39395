import type { Queryable } from '../db.ts';

export interface AreaLevelRow {
  level: string;
  /** The shallowest depth at which the level occurs (0: roots). */
  depth: number;
  areas: number;
}

/**
 * The levels the published tree uses, top down: by the shallowest depth each occurs at, then by
 * the deepest (units directly under a grid are as shallow as subgrids, but also under them), then name.
 */
export async function selectAreaLevels(db: Queryable): Promise<AreaLevelRow[]> {
  return db.query<AreaLevelRow>('select level, min(depth)::int as depth, count(*)::int as areas from area group by level order by 2, max(depth), 1');
}
