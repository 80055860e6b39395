import type { Feature } from 'geojson';
import { isTopology, readTopojson } from '../domain/read_topojson.ts';
import { refuseFile, type SourceFeatures } from './source_features.ts';

/**
 * Features from parsed JSON: a GeoJSON FeatureCollection (its `crs` member, of the 2008
 * specification that GDAL and many Chinese GIS still write, is the hint), a single Feature, or a
 * TopoJSON Topology (`object` names which of its objects).
 */
export function readGeojson(body: unknown, object?: string): SourceFeatures {
  if (isTopology(body)) return { format: 'topojson', features: readTopojson(body, object).features as Feature[], crs: crsOf(body) };
  const b = body as { type?: unknown; features?: unknown; crs?: unknown } | null;
  if (b?.type === 'Feature') return { format: 'geojson', features: [b as Feature], crs: crsOf(b) };
  // Anything else goes through as it is: parseAreaFeatures names what is wrong with it.
  return { format: 'geojson', features: Array.isArray(b?.features) ? (b.features as Feature[]) : (body as never), crs: crsOf(b) };
}

/**
 * GeoJSON Text Sequences (RFC 8142: each feature after an RS, 0x1E) or newline-delimited GeoJSON:
 * one Feature a record. A record that is not JSON is refused with its number.
 */
export function readGeojsonSeq(text: string): SourceFeatures {
  const records = text.includes('\x1e') ? text.split('\x1e') : text.split(/\r?\n/);
  const features: Feature[] = [];
  let crs = null;
  records.forEach((r, i) => {
    if (r.trim() === '') return;
    let value: { type?: string; features?: Feature[]; crs?: unknown };
    try {
      value = JSON.parse(r);
    } catch (err) {
      throw refuseFile(`the GeoJSON text sequence, record ${i + (text.includes('\x1e') ? 0 : 1)}`, `is not JSON (${(err as Error).message})`);
    }
    if (value?.type === 'FeatureCollection') features.push(...(value.features ?? []));
    else features.push(value as Feature);
    crs ??= crsOf(value);
  });
  return { format: 'geojson-seq', features, crs };
}

function crsOf(body: unknown): SourceFeatures['crs'] {
  const crs = (body as { crs?: { type?: string; properties?: { name?: unknown; code?: unknown } } } | null)?.crs;
  if (!crs || typeof crs !== 'object') return null;
  const name = crs.properties?.name ?? (crs.type === 'EPSG' && crs.properties?.code !== undefined ? `EPSG:${crs.properties.code}` : undefined);
  return typeof name === 'string' ? { origin: 'crs member', text: name } : null;
}
