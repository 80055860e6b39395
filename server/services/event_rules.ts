import type { Db } from '../db/db.ts';
import { selectEventRules, type EventCategoryRow } from '../db/queries/select_event_rules.ts';
import type { DeadlineRule } from '../domain/events/event_types.ts';
import { ValidationError } from '../errors.ts';

export interface EventRules {
  categories: EventCategoryRow[];
  categoryByCode: Map<string, EventCategoryRow>;
  deadlines: DeadlineRule[];
}

// Categories and deadlines are read on every report and transition: keep them a short while per
// database rather than query them each time. An operator's UPDATE takes effect within the TTL.
const TTL_MS = 30_000;
const cache = new WeakMap<Db, { at: number; rules: Promise<EventRules> }>();

/** The categories and deadline rules of `db`, cached for 30 s. */
export function eventRules(db: Db): Promise<EventRules> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.rules;
  const rules = selectEventRules(db).then(({ categories, deadlines }) => ({
    categories,
    categoryByCode: new Map(categories.map((c) => [c.code, c])),
    deadlines,
  }));
  rules.catch(() => cache.delete(db));
  cache.set(db, { at: Date.now(), rules });
  return rules;
}

/** Refuses (400) any code in `codes` that is not a category, naming the known ones. */
export function assertKnownCategories(rules: EventRules, codes: readonly string[] | undefined, field = 'category'): void {
  const unknown = (codes ?? []).filter((c) => !rules.categoryByCode.has(c));
  if (unknown.length === 0) return;
  throw new ValidationError(`Unknown ${field} "${unknown.join('", "')}": expected one of ${rules.categories.map((c) => c.code).join(', ')}.`, [
    { field, problem: `unknown category "${unknown[0]}"` },
  ]);
}
