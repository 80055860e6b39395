import type { Db } from '../db/db.ts';
import { selectAreaLevels, type AreaLevelRow } from '../db/queries/select_area_levels.ts';
import { onAreasChanged } from './area_changes.ts';

const cache = new WeakMap<Db, Promise<AreaLevelRow[]>>();
const subscribed = new WeakSet<Db>();

/**
 * The levels `db`'s tree uses, top down, read once and again after every area edit commits
 * (onAreasChanged): what the tile layers, the OGC collections and the one-map offer, so that a
 * tree imported with its own level names (city → neighbourhood → block) is served like the
 * default town → community → grid → unit.
 */
export function areaLevels(db: Db): Promise<AreaLevelRow[]> {
  if (!subscribed.has(db)) {
    subscribed.add(db);
    onAreasChanged(db, () => cache.delete(db));
  }
  let levels = cache.get(db);
  if (!levels) {
    levels = selectAreaLevels(db);
    cache.set(db, levels);
    levels.catch(() => cache.delete(db));
  }
  return levels;
}
