import type { Db } from '../db/db.ts';
import { selectEventArea } from '../db/queries/select_event_area.ts';
import { NotFoundError } from '../errors.ts';

/** The path of the area an event filter names (its subtree), undefined for no filter; 404 for an unknown code. */
export async function eventAreaPath(db: Db, code: string | undefined): Promise<string | undefined> {
  if (!code) return undefined;
  const area = await selectEventArea(db, code);
  if (!area) throw new NotFoundError(`No area has code "${code}".`);
  return area.path;
}
