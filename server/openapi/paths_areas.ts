import { bbox, body, errors, ok, path, query, ref, type Paths } from './openapi_helpers.ts';
import { AREA_FILE_TYPES } from '../formats/area_file_types.ts';

/** The area tree and what each area holds. */
export const areaPaths: Paths = {
  '/api/areas': {
    get: {
      tags: ['areas'],
      summary: 'Areas as GeoJSON, filtered by level, parent, ancestor or box',
      parameters: [
        query('level', 'town, community, grid, subgrid, unit … (levels are names)'),
        query('parent', "A parent's code: its direct children"),
        query('within', "An ancestor's code: everything under it"),
        bbox,
        query('limit', 'At most this many (≤ 100,000)', 'integer'),
        query('at', 'An ISO date or instant: the published tree as it stood then (empty before the first recorded state)'),
      ],
      responses: { '200': ok('The areas', ref('FeatureCollection'), 'application/geo+json'), ...errors(400) },
    },
  },
  '/api/areas/import': {
    post: {
      tags: ['areas'],
      summary: 'Import areas from a Shapefile (zip), GeoPackage, KML/KMZ, GeoJSON (with its crs member), GeoJSON Text Sequences, TopoJSON or DXF, in any coordinate system of docs, in one transaction',
      parameters: [
        query('mode', 'insert (default) refuses existing codes; upsert replaces them', { type: 'string', enum: ['insert', 'upsert'] }),
        ...['code_field', 'name_field', 'level_field', 'parent_field', 'kind_field'].map((f) => query(f, `The feature property holding the ${f.replace('_field', '')}`)),
        ...['code', 'name', 'level', 'parent', 'kind'].map((f) => query(f, `The ${f} for every feature that has none`)),
        query('parent_level', 'Give parentless features the area of this level they overlap most'),
        query('allow_invalid', 'true: keep invalid geometries for the coverage check to report', { type: 'string', enum: ['true', 'false'] }),
        query('object', 'The TopoJSON object or GeoPackage table to read'),
        query('srs', 'The coordinate system, over what the file says: an EPSG code (EPSG:4549), wgs84, cgcs2000, gcj02, bd09, webmercator, or a PROJ string'),
        query('filename', "The file's name (a hint: the format is told from the bytes)"),
      ],
      requestBody: body('The areas: JSON, or the bytes of a file', { oneOf: [ref('FeatureCollection'), { type: 'object', description: 'TopoJSON Topology' }, { type: 'string', format: 'binary', description: 'a Shapefile zip, GeoPackage, KML, KMZ, DXF or GeoJSON text sequence' }] }, ['application/json', 'application/geo+json', ...AREA_FILE_TYPES]),
      responses: {
        '201': ok('Written: counts, codes, the box around old and new shapes, the format read and the coordinate system read or guessed (crs.note says what was guessed)', {
          type: 'object',
          properties: {
            written: { type: 'integer' }, repathed: { type: 'integer' }, invalid: { type: 'array', items: { type: 'object' } }, codes: { type: 'array', items: { type: 'string' } }, bbox: { type: 'array', items: { type: 'number' }, nullable: true },
            format: { type: 'string' },
            crs: { type: 'object', properties: { name: { type: 'string' }, epsg: { type: 'integer' }, from: { type: 'string', enum: ['srs', 'prj', 'crs member', 'geopackage', 'kml', 'guess'] }, note: { type: 'string' } } },
          },
        }),
        ...errors(400, 413),
      },
    },
  },
  '/api/areas/{code}': {
    get: {
      tags: ['areas'],
      summary: 'One area: its ancestors, children and area in m²',
      parameters: [path('code', 'The area code')],
      responses: { '200': ok('The area', ref('Area')), ...errors(404) },
    },
  },
  '/api/areas/{code}/households': {
    get: {
      tags: ['registers'],
      summary: 'Households assigned under an area (no personal fields unless the role may see them)',
      parameters: [path('code', 'The area code'), query('assignment', 'assigned, orphan, ambiguous, near_edge or pending'), query('limit', 'At most this many', 'integer'), query('offset', 'Skip this many', 'integer')],
      responses: { '200': ok('The households'), ...errors(400, 404) },
    },
  },
  '/api/areas/{code}/facilities': {
    get: {
      tags: ['registers'],
      summary: 'Facilities assigned under an area',
      parameters: [path('code', 'The area code'), query('assignment', 'assigned, orphan, ambiguous, near_edge or pending'), query('category', 'Only this category'), query('limit', 'At most this many', 'integer'), query('offset', 'Skip this many', 'integer')],
      responses: { '200': ok('The facilities'), ...errors(400, 404) },
    },
  },
  '/api/areas/{code}/summary': {
    get: {
      tags: ['registers'],
      summary: "An area's card: households, people, floating population, special-care groups, facilities by category, staff by role, party organisations",
      parameters: [path('code', 'The area code')],
      responses: { '200': ok('The counts'), ...errors(404) },
    },
  },
  '/api/locate': {
    get: {
      tags: ['areas'],
      summary: 'The chain of areas (town → unit) holding a point',
      parameters: [query('lon', 'Longitude', 'number', true), query('lat', 'Latitude', 'number', true), query('crs', 'wgs84 (default), cgcs2000, gcj02 or bd09')],
      responses: { '200': ok('The chain, deepest last, or none'), ...errors(400) },
    },
    post: {
      tags: ['areas'],
      summary: 'Locate up to 100,000 points at once',
      requestBody: body('{ crs?, points: [{ id?, lon, lat }] }', { type: 'object', required: ['points'], properties: { crs: { type: 'string' }, points: { type: 'array', items: { type: 'object', properties: { id: { oneOf: [{ type: 'string' }, { type: 'number' }] }, lon: { type: 'number' }, lat: { type: 'number' } } } } } }),
      responses: { '200': ok('One result a point, in order'), ...errors(400, 413) },
    },
  },
};
