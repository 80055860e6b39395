import { describe, expect, it } from 'vitest';
import { generateDemoTown } from '../../server/demo_town/generate_demo_town.ts';
import { generateDemoBasemap } from '../../server/demo_town/generate_demo_basemap.ts';
import { cutVectorTiles } from '../../server/basemap/cut_vector_tiles.ts';
import { distanceToLine } from '../../server/demo_town/lay_demo_streets.ts';
import { localPlane } from '../../server/demo_town/local_plane.ts';
import { DEMO_CENTRE } from '../../server/demo_town/generate_demo_town.ts';
import { ROADS } from '../../server/demo_town/names.ts';

const town = generateDemoTown();
const basemap = generateDemoBasemap(town);
const layer = (name: string) => basemap.layers.find((l) => l.name === name)!.features.features;

describe('the demo town basemap', () => {
  it("names its streets as the addresses do, and each urban unit's street runs nearest to it", () => {
    const roadNames = new Set(layer('roads').map((f) => f.properties?.name).filter(Boolean));
    expect([...roadNames].sort()).toEqual([...ROADS].sort());
    const plane = localPlane(...DEMO_CENTRE);
    const streets = town.streets.features.map((f) => ({ name: f.properties.name, line: f.geometry.coordinates.map((p) => plane.toXY(p[0], p[1])) }));
    const facilities = town.facilities.features.filter((f) => /^(稠州路|丹溪路|工人路|宾王路|江滨路|篁园路|城中路|青溪大道|学院路|商城大道)\d+号$/.test(String(f.properties!.address)));
    expect(facilities.length).toBeGreaterThan(5);
    for (const f of facilities) {
      const at = plane.toXY(...(f.geometry.coordinates as [number, number]));
      const named = streets.find((s) => String(f.properties!.address).startsWith(s.name))!;
      const nearest = Math.min(...streets.map((s) => distanceToLine(at, s.line)));
      // The facility sits in its unit, a few hundred metres at most from the unit's centre.
      expect(distanceToLine(at, named.line) - nearest).toBeLessThan(420);
    }
  });

  it('has a river, ponds, a building for the households, and is the same every time', () => {
    expect(layer('water').filter((f) => f.properties?.kind === 'river')).toHaveLength(1);
    expect(layer('water').filter((f) => f.properties?.kind === 'water').length).toBeGreaterThan(5);
    expect(layer('buildings').length).toBeGreaterThan(1000);
    expect(layer('places').map((f) => f.properties?.name)).toContain('青溪镇');
    expect(JSON.stringify(generateDemoBasemap(town))).toBe(JSON.stringify(basemap));
  });

  it('cuts into tiles of at most 500 KB at every zoom 10–16', () => {
    const tiles = cutVectorTiles(basemap.layers, basemap.bounds, 10, 16);
    expect(new Set(tiles.map((t) => t.z))).toEqual(new Set([10, 11, 12, 13, 14, 15, 16]));
    expect(Math.max(...tiles.map((t) => t.data.length))).toBeLessThan(500 * 1024);
  });
});
