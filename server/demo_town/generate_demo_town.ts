import { Delaunay } from 'd3-delaunay';
import seedrandom from 'seedrandom';
import { featureCollection, polygon, union, booleanPointInPolygon, point } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { growRegions } from './grow_regions.ts';
import { localPlane } from './local_plane.ts';
import { GIVEN, ROADS, SURNAMES, TOWN, URBAN_COMMUNITY, VILLAGE_FIRST, VILLAGE_SECOND } from './names.ts';
import { layDemoRiver, layDemoStreets, nearestStreet } from './lay_demo_streets.ts';

/**
 * 青溪镇, the demo town: a seeded, invented town of south-east China (near 120.08°E, 29.30°N) with
 * about 24 communities and villages, 145 grids, 1,610 units, 40,000 households and their
 * facilities. The same seed gives the same town, byte for byte.
 *
 * Units are Voronoi cells of points that crowd towards the town centre, so every shared border
 * has identical vertices on both sides. Grids are grown from units to hold about 200–400
 * households (most do, some deliberately not), communities from grids, the town from them all.
 * A few defects are then put in on purpose (`defects`), so the coverage checks have something
 * to find; data/README.md describes them.
 */
export interface DemoTown {
  areas: FeatureCollection<Polygon | MultiPolygon>;
  households: FeatureCollection<Point>;
  facilities: FeatureCollection<Point>;
  defects: DemoDefect[];
  /** The streets (named, as in the urban addresses) and the river, for the demo's basemap. */
  streets: FeatureCollection<LineString, { name: string; kind: 'major' | 'minor' }>;
  river: Feature<LineString, { name: string }>;
}

export interface DemoDefect {
  kind: 'sliver_gap' | 'overlap' | 'gap' | 'spill' | 'orphan';
  /** The areas involved, by code. */
  codes: string[];
  description: string;
}

export const DEMO_SEED = 'qingxi-2026';
const UNITS = 1610;
const BASE_GRIDS = 139;
const COMMUNITIES = 24;
const HOUSEHOLDS = 40_000;
export const DEMO_CENTRE: [number, number] = [120.0853, 29.3042];
const CENTRE = DEMO_CENTRE;
const RADIUS = 3400; // metres: a town of about 40 km²

export function generateDemoTown(seed: string = DEMO_SEED): DemoTown {
  const rng = seedrandom(seed);
  const rand = (a: number, b: number) => a + (b - a) * rng();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const plane = localPlane(...CENTRE);

  // The town's outline and its density: a dense old centre, villages thinning towards the hills.
  const lobes = [2, 3, 5].map((k) => ({ k, a: rand(0.04, 0.12), phase: rand(0, 2 * Math.PI) }));
  const radiusAt = (theta: number) => RADIUS * (1 + lobes.reduce((s, l) => s + l.a * Math.cos(l.k * theta + l.phase), 0));
  const inside = (x: number, y: number) => Math.hypot(x, y) < radiusAt(Math.atan2(y, x));
  const core: [number, number] = [rand(-600, 600), rand(-600, 600)];
  const density = (x: number, y: number) => 0.12 + 2.5 * Math.exp(-(((x - core[0]) ** 2 + (y - core[1]) ** 2) / 1100 ** 2));
  const streets = layDemoStreets(core);

  // Unit seeds inside the outline, drawn by density; a ring of seeds outside bounds the edge cells.
  const pts: [number, number][] = [];
  while (pts.length < UNITS) {
    const [x, y] = [rand(-1.4, 1.4) * RADIUS, rand(-1.4, 1.4) * RADIUS];
    if (inside(x, y) && rng() * 2.62 < density(x, y)) pts.push([x, y]);
  }
  for (let i = 0; i < 90; i++) {
    const t = (i / 90) * 2 * Math.PI;
    const r = radiusAt(t) + 180;
    pts.push([r * Math.cos(t), r * Math.sin(t)]);
  }
  const extent: [number, number, number, number] = [-2 * RADIUS, -2 * RADIUS, 2 * RADIUS, 2 * RADIUS];
  // One Lloyd step evens out the cells without losing the density gradient.
  let voronoi = Delaunay.from(pts).voronoi(extent);
  for (let i = 0; i < UNITS; i++) pts[i] = ringCentroid(voronoi.cellPolygon(i) as [number, number][]);
  voronoi = Delaunay.from(pts).voronoi(extent);

  const cells: Position[][] = [];
  const centroid: [number, number][] = [];
  const areaM2: number[] = [];
  for (let i = 0; i < UNITS; i++) {
    let ring = voronoi.cellPolygon(i) as [number, number][];
    if (signedArea(ring) < 0) ring = [...ring].reverse(); // RFC 7946: exterior rings counter-clockwise
    cells.push(ring.map(([x, y]) => plane.toLonLat(x, y)));
    centroid.push(ringCentroid(ring));
    areaM2.push(Math.abs(signedArea(ring)));
  }
  const neighbours: number[][] = Array.from({ length: UNITS }, (_, i) =>
    [...voronoi.delaunay.neighbors(i)].filter((j) => j < UNITS && sharesEdge(cells[i], cells[j])),
  );
  const at = (i: number) => centroid[i];
  const urban = (i: number) => density(...centroid[i]) > 0.9;

  // Households a unit could hold: denser and smaller in the centre; some units hold none
  // (fields, workshops, a temple).
  const capacity = centroid.map(([x, y], i) => (rng() < 0.12 ? 0 : density(x, y) * Math.sqrt(areaM2[i]) * rand(0.5, 1.5)));

  // Dedicated grids (专属网格): a school, a hospital, the town government, an enterprise park and a
  // large residential estate each get a grid of their own, of one unit near the centre.
  const dedicatedPlan = [
    { kind: 'school', name: '青溪镇中心小学', households: 0, category: 'school' },
    { kind: 'school', name: '青溪中学', households: 0, category: 'school' },
    { kind: 'hospital', name: '青溪镇卫生院', households: 0, category: 'hospital' },
    { kind: 'institution', name: '青溪镇人民政府', households: 0, category: 'government' },
    { kind: 'enterprise', name: '青溪小商品产业园', households: 36, category: 'enterprise' },
    { kind: 'estate', name: '锦绣华庭小区', households: 540, category: 'estate' },
  ] as const;
  const byCentre = [...Array(UNITS).keys()].sort((a, b) => Math.hypot(...sub(at(a), core)) - Math.hypot(...sub(at(b), core)));
  const dedicatedUnits: number[] = [];
  for (const u of byCentre.slice(30)) {
    if (dedicatedUnits.length === dedicatedPlan.length) break;
    if (dedicatedUnits.some((d) => d === u || neighbours[d].includes(u) || Math.hypot(...sub(at(d), at(u))) < 500)) continue;
    dedicatedUnits.push(u);
  }
  const isDedicated = new Set(dedicatedUnits);

  // Base grids: seeds where the households are (weighted k-means), grown to balanced weight.
  const baseUnits = [...Array(UNITS).keys()].filter((i) => !isDedicated.has(i));
  const gridSeeds = weightedKMeansSeeds(baseUnits, BASE_GRIDS, at, (i) => capacity[i] + 1, rng);
  const gridOfUnit = growRegions(neighbours, (i) => capacity[i] + 1, at, gridSeeds, (i) => !isDedicated.has(i));
  dedicatedUnits.forEach((u, d) => (gridOfUnit[u] = BASE_GRIDS + d));
  const gridCount = BASE_GRIDS + dedicatedUnits.length;
  const unitsOfGrid: number[][] = Array.from({ length: gridCount }, () => []);
  gridOfUnit.forEach((g, u) => unitsOfGrid[g].push(u));

  // Communities from grids, by the same growth on the grid adjacency graph.
  const gridCentroid = unitsOfGrid.map((us) => mean(us.map(at)));
  const gridNeighbours = unitsOfGrid.map((us, g) => [...new Set(us.flatMap((u) => neighbours[u].map((n) => gridOfUnit[n])))].filter((h) => h !== g));
  const gridCapacity = unitsOfGrid.map((us) => us.reduce((s, u) => s + capacity[u], 0));
  const communitySeeds = weightedKMeansSeeds([...Array(gridCount).keys()], COMMUNITIES, (g) => gridCentroid[g], (g) => gridCapacity[g] + 50, rng);
  const communityOfGrid = growRegions(gridNeighbours, (g) => gridCapacity[g] + 50, (g) => gridCentroid[g], communitySeeds);

  // Household counts: most base grids in 200–400, about one in seven outside it, summing to 40,000.
  const target = unitsOfGrid.map((_, g) => {
    if (g >= BASE_GRIDS) return dedicatedPlan[g - BASE_GRIDS].households;
    const r = rng();
    return Math.round(r < 0.07 ? rand(110, 185) : r < 0.14 ? rand(420, 560) : rand(205, 360));
  });
  let diff = HOUSEHOLDS - target.reduce((a, b) => a + b, 0);
  for (let step = 0; diff !== 0 && step < 1e6; step++) {
    const g = Math.floor(rng() * BASE_GRIDS);
    const next = target[g] + Math.sign(diff);
    if (target[g] >= 205 && target[g] <= 395 && next >= 205 && next <= 395) {
      target[g] = next;
      diff -= Math.sign(diff);
    }
  }
  const householdsOfUnit = new Array<number>(UNITS).fill(0);
  unitsOfGrid.forEach((us, g) => {
    const w = us.map((u) => capacity[u]);
    const shares = apportion(target[g], w.some((x) => x > 0) ? w : w.map(() => 1));
    us.forEach((u, k) => (householdsOfUnit[u] = shares[k]));
  });

  // Codes and names, in a stable order: communities by distance from the centre, grids and units
  // within them the same way.
  const communityOrder = [...Array(COMMUNITIES).keys()].sort(
    (a, b) => distFromCore(mean(gridsOf(a).map((g) => gridCentroid[g]))) - distFromCore(mean(gridsOf(b).map((g) => gridCentroid[g]))),
  );
  function gridsOf(c: number) {
    return [...Array(gridCount).keys()].filter((g) => communityOfGrid[g] === c);
  }
  function distFromCore(p: [number, number]) {
    return Math.hypot(p[0] - core[0], p[1] - core[1]);
  }

  const usedNames = new Set<string>();
  const areaFeatures: Feature<Polygon | MultiPolygon>[] = [];
  const unitCode: string[] = [];
  const unitAddress: string[] = [];
  const gridCode: string[] = [];
  const communityName: string[] = [];
  const communityFeatures: Feature<Polygon | MultiPolygon>[] = [];
  let urbanSeq = 0;
  let villageSeq = 0;
  communityOrder.forEach((c) => {
    const grids = gridsOf(c).sort((a, b) => distFromCore(gridCentroid[a]) - distFromCore(gridCentroid[b]));
    const isUrban = grids.filter((g) => unitsOfGrid[g].some(urban)).length * 2 > grids.length;
    let name: string;
    do {
      name = isUrban ? `${URBAN_COMMUNITY[urbanSeq % URBAN_COMMUNITY.length]}社区` : `${pick(VILLAGE_FIRST)}${pick(VILLAGE_SECOND)}村`;
    } while (usedNames.has(name) && !isUrban);
    usedNames.add(name);
    const code = `${TOWN.code}${isUrban ? String(++urbanSeq).padStart(3, '0') : String(200 + ++villageSeq)}`;
    communityName[c] = name;
    const gridFeatures: Feature<Polygon | MultiPolygon>[] = [];
    grids.forEach((g, gi) => {
      const d = g >= BASE_GRIDS ? dedicatedPlan[g - BASE_GRIDS] : undefined;
      const gcode = `${code}${String(gi + 1).padStart(2, '0')}`;
      gridCode[g] = gcode;
      const units = unitsOfGrid[g].sort((a, b) => distFromCore(at(a)) - distFromCore(at(b)));
      const unitFeatures = units.map((u, ui) => {
        unitCode[u] = `${gcode}${String(ui + 1).padStart(3, '0')}`;
        // The street is the one nearest the unit (so the basemap shows it there); the draw of a
        // name is kept so that every later draw, and so the rest of the town, stays as it was.
        if (isUrban) pick(ROADS);
        unitAddress[u] = isUrban ? `${nearestStreet(centroid[u], streets)}${Math.floor(rand(1, 400))}号` : `${name}${ui + 1}组`;
        // A unit is called what people there call it: the estate or institution of a dedicated
        // grid, the building's street address in the centre, the village group (村民小组) outside.
        const unitName = d ? d.name : unitAddress[u];
        return polygon([cells[u]], { code: unitCode[u], name: unitName, level: 'unit', kind: d?.kind ?? 'base', parent_code: gcode });
      });
      const gridFeature = dissolve(unitFeatures, {
        code: gcode,
        name: d ? `${d.name}专属网格` : `${name}第${gi + 1}网格`,
        level: 'grid',
        kind: d?.kind ?? 'base',
        parent_code: code,
      });
      gridFeatures.push(gridFeature);
      areaFeatures.push(gridFeature, ...unitFeatures);
    });
    const communityFeature = dissolve(gridFeatures, { code, name, level: 'community', kind: isUrban ? 'base' : 'village', parent_code: TOWN.code });
    communityFeatures.push(communityFeature);
    areaFeatures.push(communityFeature);
  });
  const townFeature = dissolve(communityFeatures, { code: TOWN.code, name: TOWN.name, level: 'town', kind: 'base', parent_code: null });
  areaFeatures.unshift(townFeature);

  // Households, in buildings: apartment blocks in the centre, houses in the villages.
  const households: Feature<Point>[] = [];
  for (let u = 0; u < UNITS; u++) {
    const n = householdsOfUnit[u];
    const perBuilding = urban(u) ? Math.round(rand(12, 48)) : Math.round(rand(1, 4));
    const buildings = Array.from({ length: Math.ceil(n / perBuilding) }, () => randomPointIn(cells[u], plane, rng));
    for (let h = 0; h < n; h++) {
      const b = Math.floor(h / perBuilding);
      const [x, y] = buildings[b];
      let p: [number, number];
      do p = plane.toLonLat(x + rand(-4, 4), y + rand(-4, 4));
      while (!booleanPointInPolygon(p, polygon([cells[u]])));
      const people = weighted([1, 2, 3, 4, 5, 6], [15, 28, 25, 18, 9, 5], rng);
      const flags: string[] = [];
      if (rng() < 0.04) flags.push('elderly_alone'); // 独居老人
      if (rng() < 0.02) flags.push('disabled'); // 残疾人
      if (rng() < 0.02) flags.push('low_income'); // 低保户
      if (!urban(u) && rng() < 0.03) flags.push('left_behind_child'); // 留守儿童
      households.push(point(p, {
        id: `${unitCode[u]}-${String(h + 1).padStart(3, '0')}`,
        address: urban(u) ? `${unitAddress[u]}${b + 1}幢${100 * (1 + (h % 6)) + 1 + Math.floor((h % perBuilding) / 6)}室` : `${unitAddress[u]}${b + 1}号`,
        head_name: `${pick(SURNAMES)}${pick(GIVEN)}${rng() < 0.6 ? pick(GIVEN) : ''}`,
        phone: `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`,
        people,
        floating: rng() < (urban(u) ? 0.14 : 0.04) ? people : 0, // 流动人口
        flags,
      }));
    }
  }

  // Facilities: the dedicated grids' own, a committee per community, clinics, schools, enterprises.
  const facilities: Feature<Point>[] = [];
  const addFacility = (u: number, name: string, category: string) =>
    facilities.push(point(plane.toLonLat(...randomPointIn(cells[u], plane, rng)), {
      id: `F${String(facilities.length + 1).padStart(4, '0')}`, name, category, address: unitAddress[u],
    }));
  dedicatedUnits.forEach((u, d) => addFacility(u, dedicatedPlan[d].name, dedicatedPlan[d].category));
  communityOrder.forEach((c) => {
    const units = gridsOf(c).flatMap((g) => unitsOfGrid[g]).filter((u) => !isDedicated.has(u));
    const name = communityName[c];
    const village = name.endsWith('村');
    addFacility(units[0], `${name}${village ? '村民委员会' : '居民委员会'}`, 'committee');
    addFacility(pick(units), `${name}${village ? '卫生室' : '社区卫生服务站'}`, 'clinic');
    if (village) addFacility(pick(units), `${name}文化礼堂`, 'cultural_hall');
    addFacility(pick(units), `${name}幼儿园`, 'kindergarten');
    const quiet = units.filter((u) => householdsOfUnit[u] === 0);
    for (let e = 0; e < 3; e++) addFacility(pick(quiet.length ? quiet : units), `${pick(['恒达', '鑫源', '华美', '金丰', '宏业', '永盛', '佳和'])}${pick(['饰品', '服装', '五金', '玩具', '包装', '印刷'])}有限公司`, 'enterprise');
  });
  for (const [name, category] of [['青溪派出所', 'police'], ['青溪农贸市场', 'market'], ['青溪第二小学', 'school'], ['青溪第三小学', 'school']] as const) {
    addFacility(pick(baseUnits.filter(urban)), name, category);
  }

  const defects = injectDefects(areaFeatures, households, plane, rng);
  return {
    areas: featureCollection(areaFeatures),
    households: featureCollection(households),
    facilities: featureCollection(facilities),
    defects,
    streets: featureCollection(streets.map((st) => ({
      type: 'Feature' as const,
      properties: { name: st.name, kind: st.kind },
      geometry: { type: 'LineString' as const, coordinates: st.line.map(([x, y]) => plane.toLonLat(x, y)) },
    }))),
    river: { type: 'Feature', properties: { name: '青溪' }, geometry: { type: 'LineString', coordinates: layDemoRiver(core).map(([x, y]) => plane.toLonLat(x, y)) } },
  };
}

/**
 * The deliberate defects, put into the finished town so that each is where the coverage checks
 * should find it: a sliver gap between units, an overlap between units of one grid, a grid border
 * pulled in (a gap between grids, and its units spilling out), and households outside the town.
 */
function injectDefects(areas: Feature<Polygon | MultiPolygon>[], households: Feature<Point>[], plane: ReturnType<typeof localPlane>, rng: () => number): DemoDefect[] {
  const units = areas.filter((a) => a.properties!.level === 'unit' && a.geometry.type === 'Polygon') as Feature<Polygon>[];
  const grids = areas.filter((a) => a.properties!.level === 'grid');
  const code = (f: Feature) => f.properties!.code as string;
  const key = (p: Position) => `${p[0]},${p[1]}`;
  const unitsAtVertex = new Map<string, Feature<Polygon>[]>();
  for (const u of units) for (const p of u.geometry.coordinates[0].slice(1)) unitsAtVertex.set(key(p), [...(unitsAtVertex.get(key(p)) ?? []), u]);
  const moveVertex = (f: Feature<Polygon | MultiPolygon>, vertex: Position, metres: number) => {
    const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0]] : f.geometry.coordinates.map((p) => p[0]);
    const ring = rings.find((r) => r.some((p) => key(p) === key(vertex)))!;
    const [cx, cy] = mean(ring.slice(1).map((p) => plane.toXY(p[0], p[1])));
    const [vx, vy] = plane.toXY(vertex[0], vertex[1]);
    const len = Math.hypot(cx - vx, cy - vy);
    const moved = plane.toLonLat(vx + ((cx - vx) / len) * metres, vy + ((cy - vy) / len) * metres);
    for (let i = 0; i < ring.length; i++) if (key(ring[i]) === key(vertex)) ring[i] = moved;
  };
  const parentOf = (u: Feature) => u.properties!.parent_code as string;
  const defects: DemoDefect[] = [];
  const interiorUnits = units.slice(Math.floor(units.length * 0.3)); // away from the centre's smallest cells

  // A 0.3 m sliver: one unit's corner pulled in where it meets a unit of another grid.
  for (const u of interiorUnits) {
    const v = u.geometry.coordinates[0].slice(1).find((p) => {
      const at = unitsAtVertex.get(key(p))!;
      return at.length === 3 && at.some((o) => parentOf(o) !== parentOf(u));
    });
    if (!v) continue;
    moveVertex(u, v, 0.3);
    const others = unitsAtVertex.get(key(v))!.filter((o) => o !== u).map(code);
    defects.push({ kind: 'sliver_gap', codes: [code(u), ...others], description: `unit ${code(u)}'s corner at [${v}] pulled 0.3 m inward: a sliver gap inside grid ${parentOf(u)} along its borders with ${others.join(' and ')}` });
    break;
  }
  // An overlap: a unit's corner pushed 15 m into two units of its own grid.
  for (const u of interiorUnits.slice(200)) {
    const v = u.geometry.coordinates[0].slice(1).find((p) => {
      const at = unitsAtVertex.get(key(p))!;
      return at.length === 3 && at.every((o) => parentOf(o) === parentOf(u));
    });
    if (!v) continue;
    moveVertex(u, v, -15);
    const others = unitsAtVertex.get(key(v))!.filter((o) => o !== u).map(code);
    defects.push({ kind: 'overlap', codes: [code(u), ...others], description: `unit ${code(u)}'s corner at [${v}] pushed 15 m outward: it overlaps ${others.join(' and ')} in grid ${parentOf(u)}` });
    break;
  }
  // A grid border pulled in by 25 m: a gap between grids of one community, and units spilling out.
  const villageGrids = grids.filter((g) => /^\d{9}2/.test(code(g)) && g.geometry.type === 'Polygon') as Feature<Polygon>[];
  for (const g of villageGrids.slice(Math.floor(villageGrids.length / 2))) {
    const v = g.geometry.coordinates[0].slice(1).find((p) => {
      const at = unitsAtVertex.get(key(p)) ?? [];
      const parents = new Set(at.map(parentOf));
      return at.length === 3 && parents.size === 2 && [...parents].every((c) => c.slice(0, 12) === code(g).slice(0, 12));
    });
    if (!v) continue;
    const neighbour = unitsAtVertex.get(key(v))!.map(parentOf).find((c) => c !== code(g))!;
    const spilled = unitsAtVertex.get(key(v))!.filter((u) => parentOf(u) === code(g)).map(code);
    moveVertex(g, v, 25);
    defects.push({ kind: 'gap', codes: [code(g), neighbour], description: `grid ${code(g)}'s corner at [${v}] pulled 25 m inward: a gap between it and grid ${neighbour} in community ${code(g).slice(0, 12)}` });
    defects.push({ kind: 'spill', codes: [...spilled, code(g)], description: `units ${spilled.join(' and ')} now reach outside their grid ${code(g)} where its corner was pulled in` });
    break;
  }
  // Three households geocoded just outside the town: orphans.
  const town = areas[0].geometry as Polygon | MultiPolygon;
  const outer = town.type === 'Polygon' ? town.coordinates[0] : town.coordinates[0][0];
  for (let i = 0; i < 3; i++) {
    const p = outer[Math.floor(((i + 1) * outer.length) / 4)];
    const [x, y] = plane.toXY(p[0], p[1]);
    const r = Math.hypot(x, y);
    const out = plane.toLonLat(x * (1 + (100 + 40 * rng()) / r), y * (1 + (100 + 40 * rng()) / r));
    const h = households[Math.floor(rng() * households.length)];
    households.push(point(out, { ...h.properties, id: `ORPHAN-${i + 1}`, address: `${TOWN.name}边界外${i + 1}号` }));
    defects.push({ kind: 'orphan', codes: [`ORPHAN-${i + 1}`], description: `household ORPHAN-${i + 1} at [${out}] lies outside the town` });
  }
  return defects;
}

function dissolve(features: Feature<Polygon | MultiPolygon>[], properties: Record<string, unknown>): Feature<Polygon | MultiPolygon> {
  const merged = features.length === 1 ? features[0] : union(featureCollection(features));
  if (!merged) throw new Error(`dissolving ${properties.code} produced nothing`);
  return { type: 'Feature', properties, geometry: structuredClone(merged.geometry) };
}

/** Seeds for `k` regions where the weight is: weighted k-means++ then a few Lloyd steps. */
function weightedKMeansSeeds(nodes: number[], k: number, at: (i: number) => [number, number], weight: (i: number) => number, rng: () => number): number[] {
  const centres: [number, number][] = [at(nodes[Math.floor(rng() * nodes.length)])];
  const d2 = (i: number) => Math.min(...centres.map((c) => (at(i)[0] - c[0]) ** 2 + (at(i)[1] - c[1]) ** 2));
  while (centres.length < k) {
    const scores = nodes.map((i) => weight(i) * d2(i));
    let r = rng() * scores.reduce((a, b) => a + b, 0);
    let chosen = nodes[nodes.length - 1];
    for (let j = 0; j < nodes.length; j++) if ((r -= scores[j]) <= 0) { chosen = nodes[j]; break; }
    centres.push(at(chosen));
  }
  for (let iter = 0; iter < 6; iter++) {
    const sum = centres.map(() => [0, 0, 0]);
    for (const i of nodes) {
      let best = 0;
      let bestD = Infinity;
      centres.forEach((c, j) => {
        const d = (at(i)[0] - c[0]) ** 2 + (at(i)[1] - c[1]) ** 2;
        if (d < bestD) [best, bestD] = [j, d];
      });
      sum[best][0] += at(i)[0] * weight(i);
      sum[best][1] += at(i)[1] * weight(i);
      sum[best][2] += weight(i);
    }
    sum.forEach(([x, y, w], j) => { if (w > 0) centres[j] = [x / w, y / w]; });
  }
  const taken = new Set<number>();
  return centres.map((c) => {
    let best = -1;
    let bestD = Infinity;
    for (const i of nodes) {
      const d = (at(i)[0] - c[0]) ** 2 + (at(i)[1] - c[1]) ** 2;
      if (!taken.has(i) && d < bestD) [best, bestD] = [i, d];
    }
    taken.add(best);
    return best;
  });
}

/** Splits `total` into whole parts proportional to `weights` (largest remainder). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const parts = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = total - parts.reduce((a, b) => a + b, 0), j = 0; r > 0; r--, j++) parts[order[j][1]]++;
  return parts;
}

function randomPointIn(ring: Position[], plane: ReturnType<typeof localPlane>, rng: () => number): [number, number] {
  const xy = ring.map((p) => plane.toXY(p[0], p[1]));
  const xs = xy.map((p) => p[0]);
  const ys = xy.map((p) => p[1]);
  const poly = polygon([ring]);
  for (;;) {
    const x = Math.min(...xs) + rng() * (Math.max(...xs) - Math.min(...xs));
    const y = Math.min(...ys) + rng() * (Math.max(...ys) - Math.min(...ys));
    if (booleanPointInPolygon(plane.toLonLat(x, y), poly)) return [x, y];
  }
}

function weighted<T>(values: T[], weights: number[], rng: () => number): T {
  let r = rng() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < values.length; i++) if ((r -= weights[i]) <= 0) return values[i];
  return values[values.length - 1];
}

function sharesEdge(a: Position[], b: Position[]): boolean {
  const keys = new Set(a.map((p) => `${p[0]},${p[1]}`));
  return b.slice(1).filter((p) => keys.has(`${p[0]},${p[1]}`)).length >= 2;
}

function signedArea(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

function ringCentroid(ring: [number, number][]): [number, number] {
  let [cx, cy, a] = [0, 0, 0];
  for (let i = 0; i < ring.length - 1; i++) {
    const f = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    cx += (ring[i][0] + ring[i + 1][0]) * f;
    cy += (ring[i][1] + ring[i + 1][1]) * f;
    a += f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

function mean(ps: [number, number][]): [number, number] {
  return [ps.reduce((s, p) => s + p[0], 0) / ps.length, ps.reduce((s, p) => s + p[1], 0) / ps.length];
}

function sub(a: [number, number], b: [number, number]): [number, number] {
  return [a[0] - b[0], a[1] - b[1]];
}
