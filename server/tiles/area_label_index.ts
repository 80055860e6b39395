import KDBush from 'kdbush';
import type { Db } from '../db/db.ts';
import { encodeMvt, type TileFeature } from './encode_mvt.ts';
import { EXTENT, lonLatToMercator, tileMercatorBounds, type Tile } from './tile_math.ts';

interface LevelLabels {
  x: Float64Array;
  y: Float64Array;
  props: { code: string; name: string; level: string; kind: string }[];
  index: KDBush;
}

/**
 * One label point per area (its point on surface), held in memory per level: a tile's label
 * layer is then a box query, where computing ST_PointOnSurface for every area meeting the tile
 * cost more than drawing the shapes. Reloaded on the first tile after an area edit.
 */
export class AreaLabelIndex {
  private levels: Promise<Map<string, LevelLabels>> | null = null;

  constructor(private readonly db: Db) {}

  /** Drops the copy: an area edit may have moved, renamed or added any label. */
  invalidate(): void {
    this.levels = null;
  }

  /**
   * The labels of `level` whose point lies in the tile proper (half-open), as the MVT layer
   * `name`: each area is labelled by exactly one tile of a zoom.
   */
  async tile(level: string, name: string, tile: Tile): Promise<Uint8Array> {
    const labels = (await this.loaded()).get(level);
    if (!labels) return new Uint8Array(0);
    const [minx, miny, maxx, maxy] = tileMercatorBounds(tile);
    const scale = EXTENT / (maxx - minx);
    const features: TileFeature[] = [];
    for (const i of labels.index.range(minx, miny, maxx, maxy)) {
      const px = (labels.x[i] - minx) * scale;
      const py = (maxy - labels.y[i]) * scale;
      if (px < 0 || px >= EXTENT || py < 0 || py >= EXTENT) continue;
      features.push({ type: 'point', points: [[Math.min(EXTENT - 1, Math.round(px)), Math.min(EXTENT - 1, Math.round(py))]], properties: labels.props[i] });
    }
    return encodeMvt([{ name, features }]);
  }

  /** Loads the label points ahead of the first tile (at start-up). */
  async warm(): Promise<void> {
    await this.loaded().catch(() => undefined);
  }

  private loaded(): Promise<Map<string, LevelLabels>> {
    // A failed load is not kept: the next tile tries again.
    this.levels ??= this.load().catch((err) => {
      this.levels = null;
      throw err;
    });
    return this.levels;
  }

  private async load(): Promise<Map<string, LevelLabels>> {
    const rows = await this.db.query<{ code: string; name: string; level: string; kind: string; lon: number; lat: number }>(
      `select code, name, level, kind, st_x(p) as lon, st_y(p) as lat
         from (select code, name, level, kind, st_pointonsurface(geom) as p from area) a
        order by level, code`,
    );
    const byLevel = new Map<string, typeof rows>();
    for (const r of rows) byLevel.set(r.level, [...(byLevel.get(r.level) ?? []), r]);
    const out = new Map<string, LevelLabels>();
    for (const [level, list] of byLevel) {
      const x = new Float64Array(list.length);
      const y = new Float64Array(list.length);
      const index = new KDBush(list.length);
      list.forEach((r, i) => {
        [x[i], y[i]] = lonLatToMercator(r.lon, r.lat);
        index.add(x[i], y[i]);
      });
      index.finish();
      out.set(level, { x, y, index, props: list.map(({ code, name, kind }) => ({ code, name, level, kind })) });
    }
    return out;
  }
}
