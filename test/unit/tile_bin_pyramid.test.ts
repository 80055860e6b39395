import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { HouseholdIndex } from '../../server/tiles/household_index.ts';
import { idHash, PointIdTable, AMBIGUOUS } from '../../server/tiles/point_id_table.ts';
import { tilesCovering, type Bbox } from '../../server/tiles/tile_math.ts';

interface Row {
  region: string;
  id: string;
  lon: number;
  lat: number;
  people: number;
  floating: number;
}

/** A stand-in database answering the index's one query with `rows`. */
const fakeDb = (rows: Row[]) => ({ query: async () => rows }) as unknown as Db;

/** A seeded scatter of households over `box`, denser in its middle. */
function scatter(n: number, box: Bbox, seed = 7): Row[] {
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const [w, s, e, nn] = box;
  return Array.from({ length: n }, (_, i) => {
    const r = Math.sqrt(rand()) * (rand() < 0.5 ? 0.3 : 1);
    const a = rand() * 2 * Math.PI;
    return { region: '330782', id: `H${i}`, lon: (w + e) / 2 + (r * Math.cos(a) * (e - w)) / 2, lat: (s + nn) / 2 + (r * Math.sin(a) * (nn - s)) / 2, people: 1 + (i % 5), floating: i % 2 };
  });
}

const TOWN: Bbox = [120.05, 29.27, 120.12, 29.34];
const decode = (buf: Uint8Array) => new VectorTile(new PbfReader(buf)).layers.households;
const sum = (buf: Uint8Array) => {
  const layer = decode(buf);
  let count = 0;
  for (let i = 0; i < (layer?.length ?? 0); i++) count += Number(layer.feature(i).properties.count);
  return count;
};

describe('the pre-binned pyramid of households', () => {
  it('gives exactly the tiles that binning the households one by one gives, at every zoom it keeps', async () => {
    const index = new HouseholdIndex(fakeDb(scatter(20_000, TOWN)));
    for (const z of [0, 3, 8, 10, 11, 12, 13, 14]) {
      for (const tile of tilesCovering(TOWN, z)) {
        expect(await index.binTile(tile, 64), `${z}/${tile.x}/${tile.y}`).toEqual(await index.scanBinTile(tile, 64));
        // The k-anonymity rule: bins of fewer than k households are left out, the same either way.
        expect(await index.binTile(tile, 64, undefined, 5)).toEqual(await index.scanBinTile(tile, 64, undefined, 5));
      }
    }
  });

  it('leaves out bins under k, so a bin of fewer households is never drawn', async () => {
    const rows = scatter(3_000, TOWN);
    const index = new HouseholdIndex(fakeDb(rows));
    const [tile] = tilesCovering(TOWN, 10);
    const layer = decode(await index.binTile(tile, 64, undefined, 10));
    for (let i = 0; i < layer.length; i++) expect(Number(layer.feature(i).properties.count)).toBeGreaterThanOrEqual(10);
    expect(sum(await index.binTile(tile, 64, undefined, 10))).toBeLessThan(rows.length);
  });

  it('is kept up to date by apply: moved and added households, the same tiles as a fresh load of the new rows', async () => {
    const rows = scatter(5_000, TOWN);
    const index = new HouseholdIndex(fakeDb(rows));
    await index.warm();
    const moved = { ...rows[10], lon: TOWN[0] + 0.001, lat: TOWN[1] + 0.001, people: 9 };
    const added = { region: '330782', id: 'NEW1', lon: TOWN[2] - 0.001, lat: TOWN[3] - 0.001, people: 3, floating: 1 };
    const old = index.apply([moved, added]);
    expect(old).toHaveLength(1);
    expect(old![0][0]).toBeCloseTo(rows[10].lon, 9);
    expect(old![0][1]).toBeCloseTo(rows[10].lat, 9);
    // Applying the same rows again changes nothing (a load that raced a write re-applies them).
    expect(index.apply([moved, added])).toHaveLength(2);
    const fresh = new HouseholdIndex(fakeDb([...rows.slice(0, 10), moved, ...rows.slice(11), added]));
    for (const z of [10, 12, 14, 16]) {
      for (const tile of tilesCovering(TOWN, z)) {
        expect(await index.binTile(tile, 64), `${z}/${tile.x}/${tile.y}`).toEqual(await fresh.binTile(tile, 64));
        if (z === 16) expect(await index.pointTile(tile, 64, 20_000)).toEqual(await fresh.pointTile(tile, 64, 20_000));
      }
    }
    expect(sum(await index.binTile({ z: 0, x: 0, y: 0 }, 64))).toBe(rows.length + 1);
  });

  it('asks for a reload when it cannot tell which household a row is', async () => {
    const index = new HouseholdIndex(fakeDb(scatter(100, TOWN)));
    await index.warm();
    expect(index.apply([{ lon: 120, lat: 29 }])).toBeNull();
  });
});

describe('PointIdTable', () => {
  it('finds every id it was given, and no other', () => {
    const table = new PointIdTable(10);
    for (let i = 0; i < 50_000; i++) table.set('330782', `H${i}`, i);
    for (let i = 0; i < 50_000; i += 997) expect(table.get('330782', `H${i}`)).toBe(i);
    expect(table.get('330782', 'H50000')).toBe(-1);
    expect(table.get('330783', 'H1')).toBe(-1);
    table.set('330782', 'H5', 7);
    expect(table.get('330782', 'H5')).toBe(7);
  });

  it('answers AMBIGUOUS for an id marked as sharing its hash', () => {
    const table = new PointIdTable();
    // A load adds distinct rows: a second row on a taken hash is another id sharing it.
    expect(table.add('r', 'a', 1)).toBe(true);
    expect(table.add('r', 'a', 2)).toBe(false);
    expect(table.get('r', 'a')).toBe(AMBIGUOUS);
    expect(table.get('r', 'b')).toBe(-1);
    expect(idHash('r', 'a')).toBe(idHash('r', 'a'));
    expect(idHash('r', 'a')).not.toBe(idHash('', 'ra'));
    expect(Number.isSafeInteger(idHash('330782', 'H123'))).toBe(true);
  });
});
