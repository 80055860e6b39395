import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { HouseholdIndex } from '../../server/tiles/household_index.ts';
import { tileLonLatBounds, tilesCovering, type Tile } from '../../server/tiles/tile_math.ts';

/** A stand-in database that answers the index's one query with `rows`, counting the loads. */
function createFakeDb(rows: { lon: number; lat: number; people: number; floating: number }[]) {
  const state = { loads: 0, rows };
  const db = { query: async () => (state.loads++, state.rows) } as unknown as Db;
  return { db, state };
}

const decode = (buf: Uint8Array) => new VectorTile(new PbfReader(buf)).layers.households;

describe('HouseholdIndex', () => {
  // A seeded scatter of 2,000 households over a small town, plus one exactly on a tile corner.
  const tile: Tile = { z: 14, x: 13657, y: 6805 };
  const [w, s, e, n] = tileLonLatBounds(tile, 0);
  let seed = 42;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const rows = Array.from({ length: 2000 }, () => ({ lon: w - 0.01 + rand() * (e - w + 0.02), lat: s - 0.01 + rand() * (n - s + 0.02), people: 1 + Math.floor(rand() * 5), floating: 0 }));
  rows.push({ lon: e, lat: n, people: 7, floating: 1 });

  it('bins every household into exactly one tile of a zoom, summing people', async () => {
    const { db } = createFakeDb(rows);
    const index = new HouseholdIndex(db);
    for (const z of [12, 14, 16]) {
      let count = 0;
      let people = 0;
      for (const t of tilesCovering([w - 0.02, s - 0.02, e + 0.02, n + 0.02], z)) {
        const layer = decode(await index.binTile(t, 64));
        for (let i = 0; i < (layer?.length ?? 0); i++) {
          const f = layer.feature(i);
          count += Number(f.properties.count);
          people += Number(f.properties.people);
          const [[p]] = f.loadGeometry();
          expect((p.x - 32) % 64).toBe(0);
          expect((p.y - 32) % 64).toBe(0);
        }
      }
      expect(count, `z${z}`).toBe(rows.length);
      expect(people, `z${z}`).toBe(rows.reduce((a, r) => a + r.people, 0));
    }
  });

  it('gives single points with a buffer when zoomed in, or null beyond the limit', async () => {
    const { db } = createFakeDb(rows);
    const index = new HouseholdIndex(db);
    const layer = decode((await index.pointTile(tile, 64, 10_000))!);
    const inside = rows.filter((r) => r.lon >= w && r.lon <= e && r.lat >= s && r.lat <= n).length;
    expect(layer.length).toBeGreaterThanOrEqual(inside);
    expect(layer.length).toBeLessThan(inside * 1.1);
    expect(Object.keys(layer.feature(0).properties).sort()).toEqual(['floating', 'people']);
    expect(await index.pointTile(tile, 64, 10)).toBeNull();
  });

  it('reloads after its time to live, serving the old copy meanwhile', async () => {
    const { db, state } = createFakeDb(rows);
    let now = 0;
    const index = new HouseholdIndex(db, 1000, () => now);
    const total = async () => {
      const layer = decode(await index.binTile({ z: 0, x: 0, y: 0 }, 4096));
      return layer ? Number(layer.feature(0).properties.count) : 0;
    };
    expect(await total()).toBe(rows.length);
    state.rows = rows.slice(0, 10);
    now = 999;
    expect(await total()).toBe(rows.length);
    now = 1000;
    expect(await total()).toBe(rows.length); // stale: served while the reload runs
    await expect.poll(total, { timeout: 5000, interval: 1 }).toBe(10); // then the reloaded rows, once the reload is in
    expect(state.loads).toBe(2);
  });

  it('copes with no households at all', async () => {
    const { db } = createFakeDb([]);
    const index = new HouseholdIndex(db);
    expect((await index.binTile(tile, 64)).byteLength).toBe(0);
    expect((await index.pointTile(tile, 64, 100))!.byteLength).toBe(0);
  });
});
