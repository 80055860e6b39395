import seedrandom from 'seedrandom';
import { bbox, buffer, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import type { BasemapLayer } from '../basemap/cut_vector_tiles.ts';
import { DEMO_CENTRE, type DemoTown } from './generate_demo_town.ts';
import { distanceToLine } from './lay_demo_streets.ts';
import { localPlane } from './local_plane.ts';

/** Facility categories drawn as a large footprint of their own (a campus, a hospital block). */
const CAMPUS = new Set(['school', 'hospital', 'government', 'police', 'market', 'kindergarten']);

/**
 * The demo town's basemap as vector tile layers in the Protomaps basemap schema (so the one
 * zh-CN style draws it and a real OpenStreetMap extract alike): `roads` (the named streets of
 * the addresses, and lanes to each village), `water` (the river 青溪 and ponds in empty rural
 * units), `physical_line` (the river's line, for its label), `buildings` (a footprint for each
 * building the households are in, and the facilities' blocks), `pois` (facilities by name) and
 * `places` (the town, its communities and villages). Deterministic: the same town gives the
 * same layers.
 */
export function generateDemoBasemap(town: DemoTown): { layers: BasemapLayer[]; bounds: [number, number, number, number] } {
  const rng = seedrandom('qingxi-basemap');
  const plane = localPlane(...DEMO_CENTRE);
  const xy = (p: Position) => plane.toXY(p[0], p[1]);
  const streetsXY = town.streets.features.map((f) => f.geometry.coordinates.map(xy));
  const riverXY = town.river.geometry.coordinates.map(xy);
  const rect = ([x, y]: [number, number], w: number, h: number, angle: number): Feature<Polygon> => {
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    const ring = [[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2], [-w / 2, -h / 2]].map(([dx, dy]) => plane.toLonLat(x + dx * c - dy * s, y + dx * s + dy * c));
    return { type: 'Feature', properties: { kind: 'building' }, geometry: { type: 'Polygon', coordinates: [ring] } };
  };
  const clearOfWaterAndRoads = (p: [number, number], margin: number) =>
    distanceToLine(p, riverXY) > 32 + margin && streetsXY.every((s) => distanceToLine(p, s) > 9 + margin);

  // Buildings where the households live: the households of one building share its address up to
  // the room (幢 in the centre) or are one house (a village address).
  const buildingsAt = new Map<string, { sum: [number, number]; n: number }>();
  for (const h of town.households.features) {
    const address = String(h.properties!.address);
    if (String(h.properties!.id).startsWith('ORPHAN')) continue;
    const key = address.replace(/\d+室$/, '');
    const b = buildingsAt.get(key) ?? { sum: [0, 0], n: 0 };
    const [x, y] = xy(h.geometry.coordinates);
    b.sum[0] += x;
    b.sum[1] += y;
    b.n++;
    buildingsAt.set(key, b);
  }
  const buildings: Feature<Polygon>[] = [];
  for (const [key, b] of [...buildingsAt].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const at: [number, number] = [b.sum[0] / b.n, b.sum[1] / b.n];
    const slab = key.endsWith('幢');
    const [w, h] = slab ? (b.n > 6 ? [36, 13] : [18, 12]) : [10, 8];
    if (clearOfWaterAndRoads(at, w / 2)) buildings.push(rect(at, w, h, (rng() - 0.5) * 0.3));
  }
  const pois: Feature<Point>[] = [];
  for (const f of town.facilities.features) {
    const { name, category } = f.properties as { name: string; category: string };
    pois.push({ type: 'Feature', properties: { kind: category, name }, geometry: f.geometry });
    const at = xy(f.geometry.coordinates) as [number, number];
    if (CAMPUS.has(category) && clearOfWaterAndRoads(at, 30)) buildings.push(rect(at, 60, 40, (rng() - 0.5) * 0.2));
  }

  // Ponds in some of the rural units that hold no one (fields, fish ponds: 鱼塘).
  const peopled = new Set(town.households.features.map((h) => String(h.properties!.id).slice(0, 17)));
  const water: Feature[] = [{ type: 'Feature', properties: { kind: 'river', name: '青溪' }, geometry: buffer(town.river, 22, { units: 'meters', steps: 4 })!.geometry }];
  // Village units only (community codes from 201 on): the centre's empty units are workshops.
  const emptyUnits = town.areas.features.filter((a) => a.properties!.level === 'unit' && !peopled.has(a.properties!.code) && a.properties!.kind === 'base' && String(a.properties!.code)[9] === '2');
  emptyUnits.forEach((u, i) => {
    if (i % 3 !== 0) return;
    const at = xy(pointOnFeature(u).geometry.coordinates) as [number, number];
    if (!clearOfWaterAndRoads(at, 50)) return;
    const r = 14 + rng() * 22;
    const ring = Array.from({ length: 17 }, (_, k) => {
      const t = (k % 16) * (Math.PI / 8);
      return plane.toLonLat(at[0] + r * 1.4 * Math.cos(t), at[1] + r * Math.sin(t));
    });
    water.push({ type: 'Feature', properties: { kind: 'water' }, geometry: { type: 'Polygon', coordinates: [ring] } });
  });

  // Roads: the streets, and a lane from each village's committee to the nearest street.
  const roads: Feature<LineString>[] = town.streets.features.map((f) => ({
    type: 'Feature',
    properties: { kind: f.properties.kind === 'major' ? 'major_road' : 'minor_road', name: f.properties.name },
    geometry: f.geometry,
  }));
  for (const f of town.facilities.features) {
    if (!String(f.properties!.name).endsWith('村民委员会')) continue;
    const at = xy(f.geometry.coordinates) as [number, number];
    let best: [number, number] = streetsXY[0][0];
    for (const s of streetsXY) for (const p of s) if (Math.hypot(p[0] - at[0], p[1] - at[1]) < Math.hypot(best[0] - at[0], best[1] - at[1])) best = p;
    const bend: [number, number] = [best[0], at[1]];
    roads.push({ type: 'Feature', properties: { kind: 'minor_road' }, geometry: { type: 'LineString', coordinates: [at, bend, best].map(([x, y]) => plane.toLonLat(x, y)) } });
  }

  const places: Feature<Point>[] = town.areas.features
    .filter((a) => a.properties!.level === 'community' || a.properties!.level === 'town')
    .map((a) => ({
      type: 'Feature',
      properties: { kind: a.properties!.level === 'town' ? 'locality' : a.properties!.kind === 'village' ? 'village' : 'neighbourhood', name: a.properties!.name },
      geometry: pointOnFeature(a).geometry,
    }));
  const fc = <T extends Feature>(features: T[]): FeatureCollection => ({ type: 'FeatureCollection', features });
  const [w, s, e, n] = bbox(town.areas.features[0]);
  return {
    layers: [
      { name: 'water', features: fc(water), minzoom: 10 },
      { name: 'physical_line', features: fc([{ ...town.river, properties: { kind: 'river', name: '青溪' } }]), minzoom: 12 },
      { name: 'roads', features: fc(roads), minzoom: 10 },
      { name: 'buildings', features: fc(buildings), minzoom: 14 },
      { name: 'pois', features: fc(pois), minzoom: 15 },
      { name: 'places', features: fc(places), minzoom: 10 },
    ],
    // The streets and the river run on past the town's edge.
    bounds: [w - 0.03, s - 0.03, e + 0.03, n + 0.03],
  };
}
