import type { Db } from '../db/db.ts';
import type { ChangedPoint } from '../services/point_changes.ts';
import { AMBIGUOUS, PointIdTable } from './point_id_table.ts';

interface Positions {
  ids: PointIdTable;
  lon: Float64Array;
  lat: Float64Array;
  n: number;
}

/**
 * Where each point of a register is (id → longitude, latitude), kept in memory so that when an
 * import moves a point, the tiles of its old position are dropped as well as those of its new
 * one: after the commit the database no longer says where it was. For facilities (thousands,
 * some kilobytes here); households keep theirs in the HouseholdIndex.
 */
export class PointPositions {
  private positions: Positions | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    /** Returns region, id, lon, lat of every point of the register. */
    private readonly sql: string,
  ) {}

  /** Loads the positions (at start-up); until then `apply` answers null (unknown). */
  async warm(): Promise<void> {
    this.loading ??= this.load()
      .catch(() => undefined) // a database that is closing; changes answer "unknown" meanwhile
      .finally(() => (this.loading = null));
    await this.loading;
  }

  /**
   * Records the new positions of committed writes and returns the old positions of those that
   * moved; null when it cannot tell (not loaded yet, a row without id, an ambiguous id): the
   * caller drops every tile of the register, and the positions are loaded again.
   */
  apply(rows: readonly ChangedPoint[]): [number, number][] | null {
    const p = this.positions;
    if (!p || this.loading || rows.some((r) => r.id === undefined)) return this.forget();
    const old: [number, number][] = [];
    for (const r of rows) {
      const i = p.ids.get(r.region, r.id!);
      if (i === AMBIGUOUS) return this.forget();
      if (i >= 0) {
        if (p.lon[i] !== r.lon || p.lat[i] !== r.lat) old.push([p.lon[i], p.lat[i]]);
        p.lon[i] = r.lon;
        p.lat[i] = r.lat;
        continue;
      }
      if (p.n === p.lon.length) {
        const grow = (a: Float64Array) => {
          const b = new Float64Array(Math.max(256, a.length * 2));
          b.set(a);
          return b;
        };
        p.lon = grow(p.lon);
        p.lat = grow(p.lat);
      }
      p.lon[p.n] = r.lon;
      p.lat[p.n] = r.lat;
      p.ids.set(r.region, r.id!, p.n++);
    }
    return old;
  }

  /** Forgets the positions and loads them again (after a write whose points are unknown). */
  invalidate(): void {
    this.forget();
  }

  private forget(): null {
    this.positions = null;
    void this.warm();
    return null;
  }

  private async load(): Promise<void> {
    const rows = await this.db.query<{ region: string; id: string; lon: number; lat: number }>(this.sql);
    const ids = new PointIdTable(rows.length);
    const lon = new Float64Array(rows.length);
    const lat = new Float64Array(rows.length);
    rows.forEach((r, i) => {
      lon[i] = r.lon;
      lat[i] = r.lat;
      ids.add(r.region, r.id, i);
    });
    this.positions = { ids, lon, lat, n: rows.length };
  }
}
