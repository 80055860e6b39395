import { BBOX_CRSS, CRS84 } from '../domain/ogc/parse_bbox.ts';
import { OGC_LIMIT } from '../domain/ogc/ogc_limit.ts';
import { errors, ok, path, query, ref, type Paths } from './openapi_helpers.ts';

const tileLayer = path('layer', 'towns, communities, grids, subgrids, units, households, facilities or events', {
  type: 'string',
  enum: ['towns', 'communities', 'grids', 'subgrids', 'units', 'households', 'facilities', 'events'],
});

/** The one-map: vector tiles, search, OGC API – Features, configuration and health. */
export const mapPaths: Paths = {
  '/api/changes/stream': {
    get: {
      tags: ['map'],
      summary: 'Server-Sent Events telling an open map that the published tree changed (event: areas, data: {codes} the caller may see): reload the area tiles',
      responses: { '200': ok('A change stream', { type: 'string' }, 'text/event-stream') },
    },
  },
  '/tiles/layers.json': { get: { tags: ['map'], summary: 'The vector-tile layers, with their TileJSON', responses: { '200': ok('{ layers: [{ name, description, tilejson }] }') } } },
  '/tiles/{layer}.json': { get: { tags: ['map'], summary: 'TileJSON 3.0 for a layer', parameters: [tileLayer], responses: { '200': ok('TileJSON', ref('TileJSON')), ...errors(404) } } },
  '/tiles/{layer}/counts.json': {
    get: {
      tags: ['map'],
      summary: 'Households, people, facilities and open events per area of an area layer, keyed by the tiles\' feature ids (for colouring by sizing status)',
      parameters: [path('layer', 'towns, communities, grids, subgrids or units')],
      responses: { '200': ok('{ layer, level, areas: [AreaCounts] }', { type: 'object', properties: { layer: { type: 'string' }, level: { type: 'string' }, areas: { type: 'array', items: ref('AreaCounts') } } }), ...errors(404) },
    },
  },
  '/tiles/{layer}/{z}/{x}/{y}.mvt': {
    get: {
      tags: ['map'],
      summary: 'A Mapbox Vector Tile. Area layers carry a second layer `<layer>_label` (one point per area); households are binned below zoom 15',
      parameters: [tileLayer, path('z', 'Zoom 0–22', 'integer'), path('x', 'Column', 'integer'), path('y', 'Row (XYZ, from the north)', 'integer'), { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The ETag held: 304 when unchanged' }],
      responses: {
        '200': ok('The tile (empty when nothing is there)', { type: 'string', format: 'binary' }, 'application/vnd.mapbox-vector-tile'),
        '304': { description: 'Unchanged since the ETag sent' },
        ...errors(400, 404),
      },
    },
  },
  '/api/search': {
    get: {
      tags: ['map'],
      summary: 'Areas by code or name, and addresses (where and which cell, never who)',
      parameters: [query('q', '1–100 characters', 'string', true), query('limit', 'At most this many of each type (≤ 50)', 'integer'), query('types', 'area, address or area,address (default)')],
      responses: { '200': ok('{ q, results }', { type: 'object', properties: { q: { type: 'string' }, results: { type: 'array', items: ref('SearchResult') } } }), ...errors(400) },
    },
  },
  '/ogc': { get: { tags: ['ogc'], summary: 'OGC API – Features landing page', responses: { '200': ok('Links to the API definition, conformance and collections') } } },
  '/ogc/api': { get: { tags: ['ogc'], summary: 'The OGC API part of this document, rooted at /ogc (the landing page\'s service-desc)', responses: { '200': ok('OpenAPI 3.0', { type: 'object' }, 'application/vnd.oai.openapi+json;version=3.0') } } },
  '/ogc/conformance': { get: { tags: ['ogc'], summary: 'Conformance classes (Core, GeoJSON, OpenAPI 3.0)', responses: { '200': ok('{ conformsTo }') } } },
  '/ogc/collections': { get: { tags: ['ogc'], summary: 'Collections: towns, communities, grids, units, facilities, events', responses: { '200': ok('{ links, collections }') } } },
  '/ogc/collections/{id}': { get: { tags: ['ogc'], summary: 'One collection with its extent', parameters: [path('id', 'Collection id')], responses: { '200': ok('The collection'), ...errors(404) } } },
  '/ogc/collections/{id}/items': {
    get: {
      tags: ['ogc'],
      summary: 'Features of a collection, with numberMatched, numberReturned and next/prev links',
      parameters: [
        path('id', 'Collection id'),
        { ...query('bbox', 'minx,miny,maxx,maxy or six numbers with heights, in bbox-crs axis order: features whose geometry intersects it', { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 6 }), style: 'form', explode: false },
        query('bbox-crs', 'The bbox CRS (default CRS84)', { type: 'string', enum: [...BBOX_CRSS], default: CRS84 }),
        query('datetime', 'Events reported at an instant or within an interval (RFC 3339; ".." for an open end); other collections have no time', 'string'),
        query('limit', `Features a page (a larger limit is capped at ${OGC_LIMIT.maximum})`, { type: 'integer', minimum: 1, maximum: OGC_LIMIT.maximum, default: OGC_LIMIT.default }),
        query('offset', 'Skip this many', 'integer'),
        query('f', 'json or geojson'),
      ],
      responses: { '200': ok('The features', ref('FeatureCollection'), 'application/geo+json'), ...errors(400, 404) },
    },
  },
  '/ogc/collections/{id}/items/{featureId}': {
    get: { tags: ['ogc'], summary: 'One feature', parameters: [path('id', 'Collection id'), path('featureId', 'Area code, facility id or event id')], responses: { '200': ok('The feature', ref('Feature'), 'application/geo+json'), ...errors(404) } },
  },
  '/api/config': { get: { tags: ['map'], summary: "The web app's settings (optional raster basemap URL)", responses: { '200': ok('{ basemapUrl }') } } },
  '/api/health': { get: { tags: ['map'], summary: 'Database driver, PostGIS capabilities and counts', responses: { '200': ok('Health') } } },
  '/api/openapi.json': { get: { tags: ['map'], summary: 'This document', responses: { '200': ok('OpenAPI 3.0', { type: 'object' }) } } },
};
