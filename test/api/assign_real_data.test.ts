import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { realDataMissing, readRealJson } from '../helpers/real_data.ts';
import { importAreas } from '../../server/services/import_areas.ts';
import { importPoints } from '../../server/services/import_points.ts';

type Shape = Polygon | MultiPolygon;
interface Cell { code: string; depth: number; geometry: Shape; box: number[] }

/**
 * The independent check: for each point, Turf's booleanPointInPolygon (boundary counts as inside)
 * over EVERY cell, keeping the deepest level that holds the point; two or more cells at that
 * level make it ambiguous and the lowest code is its cell. The same documented rule the engine
 * follows, computed without its raster, its flat arrays or its candidate lists.
 */
function bruteForce(cells: Cell[], lon: number, lat: number): { cell: string | null; ambiguous: boolean } {
  let depth = -1;
  const hits: string[] = [];
  for (const c of cells) {
    if (lon < c.box[0] || lon > c.box[2] || lat < c.box[1] || lat > c.box[3]) continue;
    if (!booleanPointInPolygon([lon, lat], c.geometry)) continue;
    if (c.depth > depth) {
      depth = c.depth;
      hits.length = 0;
    }
    if (c.depth === depth) hits.push(c.code);
  }
  hits.sort();
  return { cell: hits[0] ?? null, ambiguous: hits.length > 1 };
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('empty');
});
afterAll(async () => t?.drop());

async function compare(region: string, cells: Cell[], points: { id: string; lon: number; lat: number }[]) {
  const stored = await t.db.query<{ id: string; code: string | null; assignment: string }>(
    `select h.id, a.code, h.assignment from household h left join area a on a.id = h.cell_id where h.region = $1::text`,
    [region],
  );
  const byId = new Map(stored.map((s) => [s.id, s]));
  const expectedCounts = new Map<string, number>();
  const disagreements: string[] = [];
  let ambiguous = 0;
  for (const p of points) {
    const want = bruteForce(cells, p.lon, p.lat);
    const got = byId.get(p.id)!;
    if (want.ambiguous) ambiguous++;
    if (want.cell) expectedCounts.set(want.cell, (expectedCounts.get(want.cell) ?? 0) + 1);
    if (got.code !== want.cell || (got.assignment === 'ambiguous') !== want.ambiguous) {
      disagreements.push(`${p.id} at [${p.lon}, ${p.lat}]: engine ${got.code} (${got.assignment}), brute force ${want.cell}${want.ambiguous ? ' (ambiguous)' : ''}`);
    }
  }
  const counts = await t.db.query<{ code: string; n: number }>(
    `select a.code, count(*)::int as n from household h join area a on a.id = h.cell_id where h.region = $1::text group by a.code`,
    [region],
  );
  return { disagreements, ambiguous, expectedCounts, counts: new Map(counts.map((c) => [c.code, c.n])) };
}

const PARCELS = 'cambridge/cambridge_parcels_fy2014_units.geojson';
const CITY = 'cambridge/BOUNDARY_CityBoundary.geojson';
describe.skipIf(realDataMissing(PARCELS, CITY))('Cambridge parcels as units, their UNITS as households (real data)', () => {
  it('assigns every household as a brute-force point-in-polygon over all 13,000 parcels does, and each parcel\'s count matches', async () => {
    const city = readRealJson<FeatureCollection<Shape>>(CITY);
    const parcels = readRealJson<FeatureCollection<Shape, { ML: string | null; UNITS: number }>>(PARCELS);
    await importAreas(t.db, city, { code: 'cambridge', name: 'Cambridge', level: 'city' });
    // The rule for parcels without a usable id: ML 'ROAD' (street space) and a missing ML are not
    // dwelling parcels and are left out, so points there fall to the city itself; an ML repeated
    // by several parcels gets '_2', '_3' … in file order; placeholders that are no code ('---',
    // '--R1': a code starts with a letter or digit) are prefixed 'X'.
    const seen = new Map<string, number>();
    const units: Feature<Shape>[] = [];
    for (const f of parcels.features) {
      const ml = f.properties.ML;
      if (!ml || ml === 'ROAD') continue;
      const k = (seen.get(ml) ?? 0) + 1;
      seen.set(ml, k);
      const code = /^[A-Za-z0-9]/.test(ml) ? ml : `X${ml}`;
      units.push({ ...f, properties: { code: k === 1 ? code : `${code}_${k}`, name: ml, level: 'unit', parent_code: 'cambridge', UNITS: f.properties.UNITS } });
    }
    const imported = await importAreas(t.db, { type: 'FeatureCollection', features: units }, { allowInvalid: true });
    expect(imported.written).toBe(units.length);
    expect(imported.invalid.length).toBeGreaterThan(20); // the ~31 self-intersecting parcels, kept

    // Households: UNITS seeded random points inside each parcel, plus a seeded scatter over the
    // whole city box that lands in streets, overlaps, holes and outside the city.
    const rng = seedrandom('cambridge-households');
    const points: { id: string; lon: number; lat: number }[] = [];
    for (const u of units) {
      const n = Number(u.properties!.UNITS) || 0;
      const [w, s, e, north] = turfBbox(u);
      for (let i = 0, tries = 0; i < n && tries < 200 * n; tries++) {
        const p: [number, number] = [w + rng() * (e - w), s + rng() * (north - s)];
        if (booleanPointInPolygon(p, u.geometry)) points.push({ id: `${u.properties!.code}/${++i}`, lon: p[0], lat: p[1] });
      }
    }
    const [w, s, e, n] = turfBbox(city);
    for (let i = 0; i < 20_000; i++) points.push({ id: `scatter/${i}`, lon: w + rng() * (e - w), lat: s + rng() * (n - s) });
    // And a vertex of every fifth parcel: exactly on a boundary, most shared with a neighbour,
    // where the boundary rule (closed cells: ambiguous, both listed) decides.
    units.forEach((u, i) => {
      if (i % 5 !== 0) return;
      const ring = u.geometry.type === 'Polygon' ? u.geometry.coordinates[0] : u.geometry.coordinates[0][0];
      points.push({ id: `vertex/${u.properties!.code}`, lon: ring[1][0], lat: ring[1][1] });
    });
    expect(points.length).toBeGreaterThan(60_000);
    const body = { type: 'FeatureCollection', features: points.map((p): Feature<Point> => ({ type: 'Feature', properties: { id: p.id }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })) };
    const result = await importPoints(t.db, 'household', { geojson: body }, { region: 'cambridge' });
    expect(result.written).toBe(points.length);

    const cells: Cell[] = [
      ...city.features.map((f) => ({ code: 'cambridge', depth: 0, geometry: f.geometry, box: turfBbox(f) })),
      ...units.map((u) => ({ code: String(u.properties!.code), depth: 1, geometry: u.geometry, box: turfBbox(u) })),
    ];
    const { disagreements, ambiguous, expectedCounts, counts } = await compare('cambridge', cells, points);
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(ambiguous).toBeGreaterThan(500); // shared vertices, and the parcels' real overlaps
    expect(counts).toEqual(expectedCounts);
  }, 300_000);
});

const BLOCK_GROUPS = 'sf/sf_blockgroups_2010_pop.geojson';
const INCIDENTS = 'sf/sf_crime_jul_dec_2012.geojson';
describe.skipIf(realDataMissing(BLOCK_GROUPS, INCIDENTS))('San Francisco block groups with the 2012 incident points (real data)', () => {
  it('puts 13,454 of the 13,472 incidents in block groups, each where a brute-force point-in-polygon does', async () => {
    const groups = readRealJson<FeatureCollection<Shape, { GEO_ID: string }>>(BLOCK_GROUPS);
    const incidents = readRealJson<FeatureCollection<Point>>(INCIDENTS);
    // A root for the tree: the block groups' bounding box (the files hold no city outline).
    const [w, s, e, n] = turfBbox(groups);
    const root = { type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
    await importAreas(t.db, { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'sf', name: 'San Francisco', level: 'city' }, geometry: root }] });
    await importAreas(t.db, groups, { codeField: 'GEO_ID', level: 'block_group', parent: 'sf' });
    // IncidntNum repeats (one incident, several offences): the feature's position is the id.
    const points = incidents.features.map((f, i) => ({ id: `sf-${i}`, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }));
    const body = { type: 'FeatureCollection', features: points.map((p): Feature<Point> => ({ type: 'Feature', properties: { id: p.id }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })) };
    await importPoints(t.db, 'household', { geojson: body }, { region: 'sf' });

    const cells: Cell[] = [
      { code: 'sf', depth: 0, geometry: root, box: [w, s, e, n] },
      ...groups.features.map((f) => ({ code: f.properties.GEO_ID, depth: 1, geometry: f.geometry, box: turfBbox(f) })),
    ];
    const { disagreements, expectedCounts, counts } = await compare('sf', cells, points);
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(counts).toEqual(expectedCounts);
    const [inGroups] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from household h join area a on a.id = h.cell_id where h.region = 'sf' and a.level = 'block_group'`,
    );
    expect(inGroups.n).toBe(13_454);
  });
});
