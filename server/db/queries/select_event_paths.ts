import type { Queryable } from '../db.ts';

/** The area paths of the events with these ids (those that exist), for deciding who may read them. */
export async function selectEventPaths(db: Queryable, ids: readonly string[]): Promise<{ id: string; area_path: string }[]> {
  if (ids.length === 0) return [];
  return db.query<{ id: string; area_path: string }>(`select id, area_path from event where id = any($1::text[])`, [ids]);
}
