import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import type { Feature, Geometry } from 'geojson';
import { refuseFile, type SourceFeatures } from './source_features.ts';

/**
 * The placemarks of a KML document (Google Earth, 奥维地图 exports) or of the first .kml in a
 * KMZ's files: their name, description and ExtendedData as properties, the folder they sit in as
 * `folder`. A MultiGeometry of polygons becomes a MultiPolygon. KML is WGS84 by definition.
 */
export function readKml(text: string, what = 'the KML'): SourceFeatures {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(text, 'text/xml');
  if (errors.length || !doc.documentElement || doc.getElementsByTagName('kml').length === 0 && doc.documentElement.nodeName !== 'kml') {
    throw refuseFile(what, errors.length ? `is not well-formed XML (${errors[0].split('\n')[0]})` : 'is XML without a <kml> element');
  }
  const collection = kml(doc as unknown as Document);
  const features = collection.features.map((f) => ({ ...f, geometry: polygonsOf(f.geometry) }) as Feature);
  return { format: 'kml', features, crs: { origin: 'kml', text: 'EPSG:4326' } };
}

/**
 * The placemarks of every .kml in a KMZ: Google Earth puts them in doc.kml, GDAL's LIBKML driver
 * in layers/*.kml that doc.kml links to.
 */
export function readKmz(files: Record<string, Uint8Array>): SourceFeatures {
  const kmls = Object.keys(files).filter((n) => /\.kml$/i.test(n)).sort();
  if (kmls.length === 0) throw refuseFile('the KMZ', 'holds no .kml document');
  // A document of links only (doc.kml of a LIBKML KMZ) holds no areas of its own.
  const texts = kmls.map((n) => [n, new TextDecoder().decode(files[n])]).filter(([, text]) => text.includes('<Placemark'));
  const features = texts.flatMap(([n, text]) => readKml(text, `the KMZ's ${n}`).features);
  return { format: 'kmz', features, crs: { origin: 'kml', text: 'EPSG:4326' } };
}

function polygonsOf(g: Geometry | null): Geometry | null {
  if (g?.type !== 'GeometryCollection') return g;
  const polygons = g.geometries.flatMap((c) => (c.type === 'Polygon' ? [c.coordinates] : c.type === 'MultiPolygon' ? c.coordinates : []));
  return polygons.length === g.geometries.length || polygons.length > 0 && g.geometries.every((c) => c.type === 'Polygon' || c.type === 'MultiPolygon')
    ? { type: 'MultiPolygon', coordinates: polygons }
    : g;
}
