import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PMTiles, type Source } from 'pmtiles';
import { writePmtiles, type ArchiveTile } from '../../server/basemap/write_pmtiles.ts';

/** The pmtiles package's reader over an archive in memory. */
function reader(archive: Uint8Array): PMTiles {
  const source: Source = {
    getKey: () => 'memory',
    // A copy: a Buffer's .buffer may be a shared pool larger than the archive.
    getBytes: async (offset, length) => ({ data: new Uint8Array(archive.subarray(offset, offset + length)).buffer }),
  };
  return new PMTiles(source);
}

const bytes = (s: string) => gzipSync(Buffer.from(s));
const options = { tileCompression: 2 as const, tileType: 1 as const, bounds: [120, 29, 120.2, 29.4] as [number, number, number, number], center: [120.1, 29.3, 12] as [number, number, number], metadata: { name: '测试', vector_layers: [] } };

describe('writePmtiles', () => {
  it('writes an archive the pmtiles reader reads back: header, metadata and every tile', async () => {
    const tiles: ArchiveTile[] = [
      { z: 12, x: 3414, y: 1714, data: bytes('a') },
      { z: 10, x: 853, y: 428, data: bytes('b') },
      { z: 12, x: 3415, y: 1714, data: bytes('c') },
      { z: 14, x: 13658, y: 6858, data: bytes('d') },
    ];
    const p = reader(writePmtiles(tiles, options));
    const h = await p.getHeader();
    expect(h).toMatchObject({ specVersion: 3, minZoom: 10, maxZoom: 14, numAddressedTiles: 4, numTileContents: 4, clustered: true, tileType: 1, tileCompression: 2, centerZoom: 12 });
    expect(h.minLon).toBeCloseTo(120, 6);
    expect(h.maxLat).toBeCloseTo(29.4, 6);
    expect(await p.getMetadata()).toEqual(options.metadata);
    for (const t of tiles) {
      const got = new Uint8Array((await p.getZxy(t.z, t.x, t.y))!.data);
      const plain = got[0] === 0x1f && got[1] === 0x8b ? gunzipSync(got) : Buffer.from(got);
      expect(plain.toString()).toBe(gunzipSync(t.data).toString());
    }
    expect(await p.getZxy(12, 3416, 1714)).toBeUndefined();
  });

  it('stores identical tiles once, as one run when their ids follow each other', async () => {
    const same = bytes('field');
    const tiles: ArchiveTile[] = [0, 1, 2, 3].map((x) => ({ z: 2, x, y: 0, data: same }));
    tiles.push({ z: 2, x: 0, y: 3, data: same });
    const archive = writePmtiles(tiles, options);
    const p = reader(archive);
    const h = await p.getHeader();
    expect(h.numAddressedTiles).toBe(5);
    expect(h.numTileContents).toBe(1);
    expect(h.numTileEntries).toBeLessThan(5);
    expect(h.tileDataLength).toBe(same.length);
    for (const t of tiles) expect((await p.getZxy(t.z, t.x, t.y))).toBeDefined();
  });

  it('refuses a tile given twice and a directory too large for the first read', () => {
    expect(() => writePmtiles([{ z: 1, x: 0, y: 0, data: bytes('a') }, { z: 1, x: 0, y: 0, data: bytes('b') }], options)).toThrow(/1\/0\/0 is given twice/);
    // 30,000 tiles scattered over zoom 12, of varied lengths: a directory of many kilobytes even gzipped.
    const many = new Map<string, ArchiveTile>();
    for (let i = 0; i < 30_000; i++) {
      const [x, y] = [(i * 7919) % 4096, (i * 104_729 + (i >> 3)) % 4096];
      many.set(`${x}/${y}`, { z: 12, x, y, data: Buffer.alloc(1 + ((i * 31) % 200), i % 251) });
    }
    expect(() => writePmtiles([...many.values()], options)).toThrow(/leaf directories are not written/);
  });
});
