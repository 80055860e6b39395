import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { FeatureCollection } from 'geojson';
import { ValidationError } from '../errors.ts';

/**
 * A TopoJSON Topology's object as a GeoJSON FeatureCollection; `objectName` may be left out when
 * the topology holds a single object.
 */
export function readTopojson(topology: Topology, objectName?: string): FeatureCollection {
  const names = Object.keys(topology.objects ?? {});
  const name = objectName ?? (names.length === 1 ? names[0] : undefined);
  if (!name || !topology.objects[name]) {
    throw new ValidationError(
      `TopoJSON object ${name ? `"${name}" not found` : 'not named'}: the topology holds ${names.map((n) => `"${n}"`).join(', ') || 'no objects'}; say which with object=NAME.`,
    );
  }
  let result: ReturnType<typeof feature>;
  try {
    result = feature(topology, topology.objects[name]);
  } catch (err) {
    throw new ValidationError(`TopoJSON object "${name}" cannot be read (${err instanceof Error ? err.message : String(err)}): check its arcs and transform.`);
  }
  return result.type === 'FeatureCollection' ? result : { type: 'FeatureCollection', features: [result] };
}

export function isTopology(body: unknown): body is Topology {
  return typeof body === 'object' && body !== null && (body as { type?: unknown }).type === 'Topology';
}
