import GJV from 'geojson-validation';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Problem } from '../errors.ts';
import { areaCodeProblem } from './area_code.ts';

export const AREA_KINDS = ['base', 'village', 'school', 'hospital', 'institution', 'enterprise', 'estate'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

/**
 * Which property of each feature holds what, or a constant for the whole file. A city importing
 * census blocks with `GEOID20` says `{ codeField: 'GEOID20', level: 'block' }`.
 */
export interface AreaMapping {
  codeField?: string;
  nameField?: string;
  levelField?: string;
  parentField?: string;
  kindField?: string;
  /** The code of the file's one feature (a city boundary with no code property). */
  code?: string;
  /** The name of the file's one feature. */
  name?: string;
  /** The level of every feature, when the file has no level property. */
  level?: string;
  /** The parent code of every feature, when the file has no parent property. */
  parent?: string;
  /** The kind of every feature; `base` when neither this nor a kind property says. */
  kind?: string;
}

export interface AreaInput {
  index: number;
  code: string;
  name: string;
  level: string;
  kind: AreaKind;
  parentCode: string | null;
  attrs: Record<string, unknown>;
  geometry: Polygon | MultiPolygon;
}

const DEFAULT_FIELDS = { codeField: 'code', nameField: 'name', levelField: 'level', parentField: 'parent_code', kindField: 'kind' };

/**
 * Reads a GeoJSON FeatureCollection of areas into plain inputs, collecting every problem instead
 * of stopping at the first: the caller refuses the whole file when any is found. Geometry is checked
 * for structure and coordinate range here; ring validity (self-intersections) is PostGIS's call.
 *
 *   parseAreaFeatures({ type: 'FeatureCollection', features: [...] }, { level: 'grid' })
 *   // → { areas: [{ code: '330782101001', level: 'grid', … }], problems: [] }
 */
export function parseAreaFeatures(body: unknown, mapping: AreaMapping = {}): { areas: AreaInput[]; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!isObject(body) || body.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
    const got = isObject(body) ? `an object of type ${JSON.stringify(body.type ?? null)}` : typeof body;
    return { areas: [], problems: [{ problem: `expected a GeoJSON FeatureCollection with a features array, got ${got}` }] };
  }
  const f = { ...DEFAULT_FIELDS, ...stripUndefined(mapping) };
  const areas: AreaInput[] = [];
  body.features.forEach((feature: unknown, index: number) => {
    const at = (field: string | undefined, problem: string, code?: string) => problems.push({ index, code, field, problem });
    if (!isObject(feature) || feature.type !== 'Feature') {
      at(undefined, 'is not a GeoJSON Feature');
      return;
    }
    const props = isObject(feature.properties) ? feature.properties : {};
    const code = mapping.code ?? textValue(props[f.codeField]);
    if (!code) {
      at(f.codeField, `has no code: property "${f.codeField}" is missing or empty`);
      return;
    }
    const codeProblem = areaCodeProblem(code);
    if (codeProblem) {
      at(f.codeField, codeProblem);
      return;
    }
    const level = normaliseLevel(mapping.level ?? textValue(props[f.levelField]));
    if (!level) at(f.levelField, `has no level: property "${f.levelField}" is missing and no level was given for the file`, code);
    else if (!/^[a-z][a-z0-9_]*$/.test(level)) at(f.levelField, `level "${level}" must be a name of letters, digits and _`, code);
    const kind = (mapping.kind ?? textValue(props[f.kindField]) ?? 'base').toLowerCase();
    if (!(AREA_KINDS as readonly string[]).includes(kind)) {
      at(f.kindField, `kind "${kind}" is not one of ${AREA_KINDS.join(', ')}`, code);
    }
    const parentCode = mapping.parent ?? textValue(props[f.parentField]);
    const geometryProblem = checkAreaGeometry(feature.geometry);
    if (geometryProblem) at('geometry', geometryProblem, code);
    if (problems.length > 0 && problems[problems.length - 1].index === index) return;
    const attrs = attrsOf(props);
    for (const field of [f.codeField, f.nameField, f.levelField, f.parentField, f.kindField]) delete attrs[field];
    areas.push({
      index,
      code,
      name: mapping.name ?? textValue(props[f.nameField]) ?? code,
      level: level as string,
      kind: kind as AreaKind,
      parentCode: parentCode ?? null,
      attrs,
      geometry: feature.geometry as Polygon | MultiPolygon,
    });
  });
  return { areas, problems };
}

/** Why a geometry cannot be an area, or null when its structure and coordinates are fine. */
export function checkAreaGeometry(geometry: unknown): string | null {
  if (!isObject(geometry)) return 'has no geometry';
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    return `geometry must be a Polygon or MultiPolygon, got ${JSON.stringify(geometry.type ?? null)}`;
  }
  let structural: unknown;
  try {
    structural = geometry.type === 'Polygon' ? GJV.isPolygon(geometry, true) : GJV.isMultiPolygon(geometry, true);
  } catch {
    // The validator itself throws on some shapes, e.g. a ring of nulls.
    return 'geometry is malformed: coordinates must be arrays of [lon, lat] numbers';
  }
  if (Array.isArray(structural) && structural.length > 0) return `geometry is malformed: ${structural[0]}`;
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as number[][][][];
  if (polygons.length === 0) return 'geometry has no polygons';
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const [lon, lat] of ring) {
        if (!Number.isFinite(lon) || !Number.isFinite(lat)) return `coordinate [${lon}, ${lat}] is not a pair of numbers`;
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
          return `coordinate [${lon}, ${lat}] is out of range: expected longitude -180..180 and latitude -90..90 (WGS84 degrees, longitude first)`;
        }
      }
      const [first, last] = [ring[0], ring[ring.length - 1]];
      if (first[0] !== last[0] || first[1] !== last[1]) return 'a ring is not closed: its first and last positions differ';
    }
  }
  return null;
}

/**
 * The attributes to keep of a feature's properties. A feature this service exported
 * (GET /api/areas, OGC items, plan exports) carries its attributes as an `attrs` object beside
 * code, name, level, kind, parent_code and depth: that object is the attributes again, not one
 * more level of nesting, and `depth` (derived from the parents) is not an attribute.
 *
 * @example attrsOf({ code: 'G1', depth: 2, attrs: { households: 310 } }) // { code: 'G1', households: 310 }
 */
function attrsOf(props: Record<string, unknown>): Record<string, unknown> {
  const { attrs, ...rest } = props;
  if (!isObject(attrs)) return { ...props };
  delete rest.depth;
  return { ...attrs, ...rest };
}

function normaliseLevel(level: string | undefined): string | undefined {
  return level?.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function textValue(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
