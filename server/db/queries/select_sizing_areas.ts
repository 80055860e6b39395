import type { Queryable } from '../db.ts';

export interface SizingAreaRow {
  code: string;
  name: string;
  level: string;
  kind: string;
}

/** Names, levels and kinds of the areas with these codes (a report's communities and town). */
export async function selectSizingAreas(db: Queryable, codes: readonly string[]): Promise<SizingAreaRow[]> {
  return db.query<SizingAreaRow>('select code, name, level, kind from area where code = any($1::text[]) order by code', [codes]);
}
