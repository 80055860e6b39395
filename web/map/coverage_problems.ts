/** One coverage problem as GET /api/coverage returns it (a GeoJSON feature's properties). */
export interface CoverageProblemProps {
  kind: string;
  level: string;
  areas: { code: string; name: string; level: string }[];
  area_m2: number;
  households: number;
  facilities: number;
  fixes?: unknown[];
  exception?: unknown;
}

export interface CoverageItem {
  index: number;
  kind: string;
  level: string;
  label: string;
  area_m2: number;
  households: number;
  /** [west, south, east, north] around the problem, for zoom-to. */
  bbox: [number, number, number, number];
  excepted: boolean;
}

/** Colours per kind of problem; unknown kinds are grey. */
export const COVERAGE_COLOURS: Record<string, string> = {
  gap: '#e69138',
  overlap: '#cc0000',
  spill: '#a64d79',
  invalid: '#000000',
  sliver: '#f1c232',
  orphan: '#3d85c6',
};

/**
 * The list a person steps through: problems touching households first, then by size, each with
 * the box to zoom to and a label naming the areas involved.
 * Example: coverageItems({ features: [gap 12 m² between 单元1 and 单元2] }) → [{ kind: 'gap', label: '单元1 / 单元2', bbox: […] }].
 */
export function coverageItems(fc: GeoJSON.FeatureCollection): CoverageItem[] {
  return fc.features
    .map((f, index) => {
      const p = (f.properties ?? {}) as CoverageProblemProps;
      return {
        index,
        kind: p.kind,
        level: p.level,
        label: (p.areas ?? []).map((a) => a.name || a.code).join(' / ') || '—',
        area_m2: Number(p.area_m2) || 0,
        households: Number(p.households) || 0,
        bbox: geometryBbox(f.geometry),
        excepted: Boolean(p.exception),
      };
    })
    .filter((item) => Number.isFinite(item.bbox[0]))
    .sort((a, b) => Number(a.excepted) - Number(b.excepted) || b.households - a.households || b.area_m2 - a.area_m2);
}

/** The box around any GeoJSON geometry, [west, south, east, north]; Infinity-filled when empty. */
export function geometryBbox(g: GeoJSON.Geometry | null): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1] as number);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  if (!g) return box;
  if (g.type === 'GeometryCollection') g.geometries.forEach((x) => visit(geometryBboxCoords(x)));
  else visit(g.coordinates);
  return box;
}

function geometryBboxCoords(g: GeoJSON.Geometry): unknown {
  return g.type === 'GeometryCollection' ? g.geometries.map(geometryBboxCoords) : g.coordinates;
}
