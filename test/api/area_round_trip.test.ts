import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booleanClockwise } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

// A town of one parent and two grids that leave a gap, every ring drawn clockwise (as a
// Shapefile writes exteriors), with attributes; exported and imported again, twice.
const ring = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x0, y1], [x1, y1], [x1, y0], [x0, y0]]; // clockwise
function createClockwiseTown(): FeatureCollection {
  const f = (code: string, level: string, parent: string | null, coords: Position[][], attrs: Record<string, unknown>): Feature => ({
    type: 'Feature',
    properties: { code, name: `${code} 名`, level, parent_code: parent, ...attrs },
    geometry: { type: 'Polygon', coordinates: coords },
  });
  return {
    type: 'FeatureCollection',
    features: [
      // The town has a courtyard (a hole), drawn counter-clockwise as holes of clockwise exteriors are.
      f('RT', 'town', null, [ring(120, 30, 120.03, 30.01), [...ring(120.0205, 30.004, 120.0215, 30.005)].reverse()], { households: 610, 备注: '示例' }),
      f('RT01', 'grid', 'RT', [ring(120, 30, 120.01, 30.01)], { households: 300, tags: ['a', 'b'] }),
      f('RT02', 'grid', 'RT', [ring(120.012, 30, 120.02, 30.01)], { households: 310, nested: { x: 1 } }),
    ],
  };
}

/** Every polygon's exterior counter-clockwise and its holes clockwise (RFC 7946 §3.1.6). */
function windingProblems(features: Feature[]): string[] {
  const out: string[] = [];
  for (const f of features) {
    const g = f.geometry as Polygon | MultiPolygon;
    if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') continue;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    polygons.forEach((rings) => rings.forEach((r, i) => {
      if (booleanClockwise(r) !== (i > 0)) out.push(`${String(f.id ?? f.properties?.code ?? f.properties?.kind)} ring ${i}`);
    }));
  }
  return out;
}

describe('export → import round trips and RFC 7946 winding', () => {
  let t: TestDb;
  let api: TestServer;
  beforeAll(async () => {
    t = await createTestDb('empty');
    api = await startTestServer(t.db);
    const res = await api.post('/api/areas/import', createClockwiseTown());
    expect(res.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  const attrs = async () => Object.fromEntries((await t.db.query<{ code: string; attrs: Record<string, unknown> }>('select code, attrs from area order by code')).map((r) => [r.code, r.attrs]));

  it('gives back the same attributes after two export → import round trips (no nesting, no depth)', async () => {
    const original = await attrs();
    expect(original.RT02).toEqual({ households: 310, nested: { x: 1 } });
    for (let trip = 0; trip < 2; trip++) {
      const exported = await (await api.get('/api/areas')).json();
      const res = await api.post('/api/areas/import?mode=upsert', exported);
      expect(res.status).toBe(201);
      expect(await attrs()).toEqual(original);
    }
  });

  it('writes every polygon counter-clockwise with clockwise holes: the areas, one area, OGC items, coverage problems', async () => {
    const areas = await (await api.get('/api/areas')).json();
    expect(areas.features).toHaveLength(3);
    expect(windingProblems(areas.features)).toEqual([]);
    const one = await (await api.get('/api/areas/RT')).json();
    expect(windingProblems([{ type: 'Feature', properties: { code: 'RT' }, geometry: one.geometry }])).toEqual([]);
    expect(one.geometry.coordinates).toHaveLength(one.geometry.type === 'Polygon' ? 2 : 1);
    const ogc = await (await api.get('/ogc/collections/towns/items')).json();
    expect(ogc.features.length).toBeGreaterThan(0);
    expect(windingProblems(ogc.features)).toEqual([]);
    const coverage = await (await api.get('/api/coverage?root=RT')).json();
    const gaps = coverage.features.filter((p: Feature) => p.properties?.kind === 'gap');
    expect(gaps.length).toBeGreaterThan(0);
    expect(windingProblems(gaps)).toEqual([]);
  });
});
