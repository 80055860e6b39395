import { describe, expect, it } from 'vitest';
import { TileCache } from '../../server/tiles/tile_cache.ts';
import { tileLonLatBounds, tilesCovering } from '../../server/tiles/tile_math.ts';

const AREAS = new Set(['grids', 'units']);
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

function createCache(maxBytes = 1 << 20) {
  let now = 1_000;
  const cache = new TileCache(maxBytes, () => now);
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('TileCache', () => {
  it('drops exactly the area tiles whose buffered box meets an edit, and no register tiles', () => {
    const { cache } = createCache();
    // A 6×6 block of z14 tiles around the demo town, in two area layers and one register layer.
    const tiles = tilesCovering([120.06, 29.28, 120.11, 29.33], 14);
    for (const t of tiles) for (const layer of ['grids', 'units', 'households']) cache.set(layer, t, bytes(10));
    const target = tiles[Math.floor(tiles.length / 2)];
    const [w, s, e, n] = tileLonLatBounds(target, 0);
    // An edit well inside one tile: only that tile of each area layer goes.
    const inside: [number, number, number, number] = [w + (e - w) * 0.4, s + (n - s) * 0.4, w + (e - w) * 0.6, s + (n - s) * 0.6];
    expect(cache.drop(inside, AREAS).sort()).toEqual([`grids/14/${target.x}/${target.y}`, `units/14/${target.x}/${target.y}`]);
    // An edit at a tile corner touches the four tiles around it (their buffers overlap there).
    const corner: [number, number, number, number] = [e - 1e-7, n - 1e-7, e + 1e-7, n + 1e-7];
    const dropped = cache.drop(corner, new Set(['units']));
    expect(dropped.sort()).toEqual(
      [`units/14/${target.x + 1}/${target.y - 1}`, `units/14/${target.x}/${target.y - 1}`, `units/14/${target.x + 1}/${target.y}`].sort(),
    );
    expect(cache.get('households', target)).toBeDefined();
    expect(cache.size).toBe(tiles.length * 3 - 2 - 3);
  });

  it('drops every area tile for an edit of unknown extent', () => {
    const { cache } = createCache();
    cache.set('grids', { z: 10, x: 1, y: 1 }, bytes(4));
    cache.set('facilities', { z: 10, x: 1, y: 1 }, bytes(4));
    expect(cache.drop(null, AREAS)).toEqual(['grids/10/1/1']);
    expect(cache.size).toBe(1);
  });

  it('expires register tiles after their time to live', () => {
    const { cache, advance } = createCache();
    cache.set('households', { z: 12, x: 1, y: 2 }, bytes(4), 15_000);
    cache.set('grids', { z: 12, x: 1, y: 2 }, bytes(4));
    advance(14_999);
    expect(cache.get('households', { z: 12, x: 1, y: 2 })).toBeDefined();
    advance(1);
    expect(cache.get('households', { z: 12, x: 1, y: 2 })).toBeUndefined();
    advance(10 ** 9);
    expect(cache.get('grids', { z: 12, x: 1, y: 2 })).toBeDefined();
  });

  it('evicts the least recently used tiles beyond its byte budget', () => {
    const { cache } = createCache(30);
    cache.set('grids', { z: 1, x: 0, y: 0 }, bytes(10));
    cache.set('grids', { z: 1, x: 1, y: 0 }, bytes(10));
    cache.set('grids', { z: 1, x: 0, y: 1 }, bytes(10));
    cache.get('grids', { z: 1, x: 0, y: 0 }); // now the most recent
    cache.set('grids', { z: 1, x: 1, y: 1 }, bytes(10));
    expect(cache.get('grids', { z: 1, x: 1, y: 0 })).toBeUndefined();
    expect(cache.get('grids', { z: 1, x: 0, y: 0 })).toBeDefined();
    expect(cache.byteSize).toBe(30);
  });

  it('gives equal bodies equal ETags and different bodies different ones', () => {
    const { cache } = createCache();
    const a = cache.set('grids', { z: 2, x: 0, y: 0 }, bytes(8, 1));
    const b = cache.set('units', { z: 2, x: 0, y: 0 }, bytes(8, 1));
    const c = cache.set('grids', { z: 2, x: 1, y: 0 }, bytes(8, 2));
    expect(a.etag).toBe(b.etag);
    expect(a.etag).not.toBe(c.etag);
  });
});
