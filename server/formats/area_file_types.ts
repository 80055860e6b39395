/**
 * The media types POST /api/areas/import takes besides JSON (the OpenAPI document lists them, and
 * the content-type guard admits what it lists). The bytes decide the format whatever the type
 * says, so a client that knows no better may send any file as application/octet-stream.
 */
export const AREA_FILE_TYPES = [
  'application/zip', // a Shapefile's parts, zipped; or a KMZ
  'application/x-zip-compressed',
  'application/geopackage+sqlite3',
  'application/vnd.sqlite3',
  'application/vnd.google-earth.kml+xml',
  'application/vnd.google-earth.kmz',
  'application/xml',
  'text/xml',
  'application/geo+json-seq', // RFC 8142
  'application/json-seq',
  'application/x-ndjson',
  'image/vnd.dxf',
  'application/dxf',
  'application/octet-stream',
] as const;
