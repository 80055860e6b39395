import type { Db } from '../db/db.ts';
import { selectEventHeatColumns } from '../db/queries/select_event_heat_columns.ts';
import { binEventHeat, mercatorX, mercatorY, type HeatBin, type HeatColumns } from '../domain/events/heat_bins.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { FEED_GAP, subscribeEventFeed, type FeedItem } from './event_feed.ts';

/** Filters of a heat query, by name; the index turns them into masks over its codes. */
export interface HeatFilter {
  cellM: number;
  bbox?: [number, number, number, number];
  from?: number;
  to?: number;
  category?: string[];
  status?: string[];
  level?: string[];
  areaPath?: string;
  /** Roots of the subtrees the caller may see (null or absent: everywhere). */
  scope?: string[] | null;
}

/**
 * Every event's point, time, category, status, level and area as typed-array columns in memory,
 * loaded once per database and kept current by the event feed: heat bins over 200,000 events
 * then take milliseconds instead of a scan of the table. In-process, like the feed: a second
 * server process over the same PostGIS keeps its own index and sees only its own writes live.
 */
export class EventHeatIndex {
  private cols: HeatColumns = emptyColumns(0);
  private readonly row = new Map<string, number>();
  private readonly codes = { category: new Codes(), status: new Codes(), level: new Codes(), path: new Codes() };

  get size(): number {
    return this.cols.n;
  }

  /** Adds a new event or moves an existing one to its new status and level. */
  apply(item: FeedItem): void {
    const e = item.message.event;
    const i = this.row.get(e.id);
    if (i !== undefined) {
      this.cols.status[i] = this.codes.status.of(e.status);
      this.cols.level[i] = this.codes.level.of(e.level);
      return;
    }
    this.add(e.id, e.lon, e.lat, Date.parse(e.reported_at), e.category, e.status, e.level, e.area_path);
  }

  add(id: string, lon: number, lat: number, t: number, category: string, status: string, level: string, path: string): void {
    if (this.cols.n === this.cols.x.length) this.cols = grow(this.cols, Math.max(1024, this.cols.n * 2));
    const c = this.cols;
    const i = c.n++;
    c.x[i] = mercatorX(lon);
    c.y[i] = mercatorY(lat);
    c.t[i] = t;
    c.category[i] = this.codes.category.of(category);
    c.status[i] = this.codes.status.of(status);
    c.level[i] = this.codes.level.of(level);
    c.path[i] = this.codes.path.of(path);
    this.row.set(id, i);
  }

  bins(f: HeatFilter): { bins: HeatBin[]; total: number } {
    const areaPath = f.areaPath;
    return binEventHeat(this.cols, {
      cellM: f.cellM,
      bbox: f.bbox,
      from: f.from,
      to: f.to,
      category: f.category && this.codes.category.mask((v) => f.category!.includes(v)),
      status: f.status && this.codes.status.mask((v) => f.status!.includes(v)),
      level: f.level && this.codes.level.mask((v) => f.level!.includes(v)),
      path: areaPath === undefined && !f.scope ? undefined : this.codes.path.mask((p) => inPath(p, areaPath) && inScope(p.split('/'), f.scope ?? null)),
    });
  }
}

/** Whether `path` lies in the subtree whose path is `areaPath` (anywhere when undefined). */
function inPath(path: string, areaPath: string | undefined): boolean {
  return areaPath === undefined || path === areaPath || path.startsWith(areaPath + '/');
}

/** Small integer codes for the distinct values of one column. */
class Codes {
  private readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  of(v: string): number {
    let code = this.index.get(v);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(v);
      this.index.set(v, code);
    }
    return code;
  }
  /** A mask over the codes: 1 where the value passes. */
  mask(pass: (v: string) => boolean): Uint8Array {
    const m = new Uint8Array(Math.max(1, this.values.length));
    this.values.forEach((v, i) => (m[i] = pass(v) ? 1 : 0));
    return m;
  }
}

function emptyColumns(capacity: number): HeatColumns {
  return {
    n: 0,
    x: new Float64Array(capacity),
    y: new Float64Array(capacity),
    t: new Float64Array(capacity),
    category: new Uint8Array(capacity),
    status: new Uint8Array(capacity),
    level: new Uint8Array(capacity),
    path: new Uint32Array(capacity),
  };
}

function grow(c: HeatColumns, capacity: number): HeatColumns {
  const g = emptyColumns(capacity);
  g.n = c.n;
  g.x.set(c.x);
  g.y.set(c.y);
  g.t.set(c.t);
  g.category.set(c.category);
  g.status.set(c.status);
  g.level.set(c.level);
  g.path.set(c.path);
  return g;
}

const indexes = new WeakMap<Db, Promise<EventHeatIndex>>();

/**
 * The heat index of `db`, loaded on first use. It subscribes to the feed before it reads the
 * table and then applies only the entries logged after that read, so nothing is missed or
 * counted twice.
 */
export function eventHeatIndex(db: Db): Promise<EventHeatIndex> {
  let loading = indexes.get(db);
  if (!loading) {
    const mine = (loading = loadIndex(db, () => indexes.get(db) === mine && indexes.delete(db)));
    mine.catch(() => indexes.delete(db));
    indexes.set(db, mine);
  }
  return loading;
}

/** Loads the index and keeps it current from the feed; `forget` is called when it can no longer be (a gap in the feed). */
async function loadIndex(db: Db, forget: () => void): Promise<EventHeatIndex> {
  const index = new EventHeatIndex();
  let held: FeedItem[] | null = [];
  let loadedUpTo = 0;
  const unsubscribe = subscribeEventFeed(db, (item) => {
    // Entries of other processes may have been missed: the next caller loads the index afresh.
    if (item === FEED_GAP) {
      unsubscribe();
      forget();
      return;
    }
    if (held) held.push(item);
    else if (item.seq > loadedUpTo) index.apply(item);
  });
  const r = await selectEventHeatColumns(db);
  for (let i = 0; i < r.ids.length; i++) {
    index.add(r.ids[i], r.lon[i], r.lat[i], r.t[i], r.category[i], r.status[i], r.level[i], r.area_path[i]);
  }
  loadedUpTo = r.max_seq;
  for (const item of held.sort((a, b) => a.seq - b.seq)) if (item.seq > loadedUpTo) index.apply(item);
  held = null;
  return index;
}
