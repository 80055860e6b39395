import type { Queryable } from '../db.ts';
import type { DeadlineRule } from '../../domain/events/event_types.ts';

export interface EventCategoryRow {
  code: string;
  name_zh: string;
  name_en: string;
  description: string;
}

/** The categories and the deadline rules: the data the lifecycle reads. */
export async function selectEventRules(db: Queryable): Promise<{ categories: EventCategoryRow[]; deadlines: DeadlineRule[] }> {
  const [row] = await db.query<{ categories: EventCategoryRow[]; deadlines: DeadlineRule[] }>(
    `select (select coalesce(json_agg(json_build_object('code', code, 'name_zh', name_zh, 'name_en', name_en, 'description', description)
                                      order by sort, code), '[]'::json) from event_category) as categories,
            (select coalesce(json_agg(json_build_object('level', level, 'category', category, 'severity', severity, 'hours', hours)), '[]'::json)
               from event_deadline) as deadlines`,
  );
  return row;
}
