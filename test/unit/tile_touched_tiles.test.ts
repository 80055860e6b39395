import { describe, expect, it } from 'vitest';
import { TileCache } from '../../server/tiles/tile_cache.ts';
import { forEachTileNear, tileLonLatBounds, tilesCovering } from '../../server/tiles/tile_math.ts';
import { TouchedTiles } from '../../server/tiles/touched_tiles.ts';

let seed = 11;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

describe('the tiles a written point touches', () => {
  it('are exactly the tiles whose buffered box holds it, at every zoom', () => {
    for (let k = 0; k < 60; k++) {
      const lon = 120.05 + rand() * 0.07;
      const lat = 29.27 + rand() * 0.07;
      for (const z of [0, 8, 12, 14, 16, 19, 22]) {
        const near: string[] = [];
        forEachTileNear(lon, lat, z, (x, y) => near.push(`${x}/${y}`));
        // Brute force: every tile around the point, kept when its buffered box holds the point.
        const around = tilesCovering([lon - 0.005, lat - 0.005, lon + 0.005, lat + 0.005], z).filter((t) => {
          const [w, s, e, n] = tileLonLatBounds(t);
          return lon >= w && lon <= e && lat >= s && lat <= n;
        });
        if (z <= 16) expect(near.sort()).toEqual(around.map((t) => `${t.x}/${t.y}`).sort());
        else expect(near.length).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('drops the same tiles whether listed (a few points) or found through an index (many)', () => {
    const cache = new TileCache();
    const tiles = [12, 14, 15].flatMap((z) => tilesCovering([120.05, 29.27, 120.12, 29.34], z));
    const fill = () => tiles.forEach((t) => cache.set('events', t, new Uint8Array(4)));
    const points = Array.from({ length: 300 }, (): [number, number] => [120.05 + rand() * 0.07, 29.27 + rand() * 0.07]);
    fill();
    const few = points.slice(0, 5);
    const listed = new TouchedTiles(few).dropFrom(cache, 'events').sort();
    fill();
    // Padded past the listing limit with copies of the same five points: the index path.
    const indexed = new TouchedTiles(Array.from({ length: 300 }, (_, i) => few[i % 5])).dropFrom(cache, 'events').sort();
    expect(indexed).toEqual(listed);
    const holds = (t: (typeof tiles)[number], pts: [number, number][]) =>
      pts.some(([lon, lat]) => {
        const [w, s, e, n] = tileLonLatBounds(t);
        return lon >= w && lon <= e && lat >= s && lat <= n;
      });
    expect(listed).toEqual(tiles.filter((t) => holds(t, few)).map((t) => `events/${t.z}/${t.x}/${t.y}`).sort());
    expect(listed.length).toBeLessThan(tiles.length);
    expect(cache.size).toBe(tiles.length - listed.length);
    const all = new TouchedTiles(points);
    for (const t of tiles) expect(all.has(t)).toBe(holds(t, points));
  });
});
