import type { Queryable } from '../db/db.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { selectEventPaths } from '../db/queries/select_event_paths.ts';

/**
 * The events with their `likely_duplicates` cut to those the reader may read (`scope`: the roots
 * of their events.read subtrees, null for everywhere). The list is kept on the event as it was
 * found at intake, across every area; a report near a boundary must not tell its reporter (or
 * anyone reading it later) of an event in the community next door.
 *
 * @example
 * await withReadableDuplicates(db, [event], ['330782101001']) // its likely_duplicates lose those outside 330782101001
 */
export async function withReadableDuplicates<E extends { likely_duplicates?: { id: string }[] | null }>(db: Queryable, events: E[], scope: readonly string[] | null): Promise<E[]> {
  if (scope === null) return events;
  const ids = [...new Set(events.flatMap((e) => (e.likely_duplicates ?? []).map((d) => d.id)))];
  if (ids.length === 0) return events;
  const readable = new Set((await selectEventPaths(db, ids)).filter((e) => inScope(e.area_path.split('/'), scope)).map((e) => e.id));
  return events.map((e) => (e.likely_duplicates ? { ...e, likely_duplicates: e.likely_duplicates.filter((d) => readable.has(d.id)) } : e));
}
