import type { Schema } from './openapi_helpers.ts';

/** Shared components of the OpenAPI document. */
export const schemas: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['error', 'message'],
    properties: {
      error: { type: 'string', example: 'ValidationError' },
      message: { type: 'string' },
      problems: {
        type: 'array',
        items: {
          type: 'object',
          properties: { index: { type: 'integer' }, code: { type: 'string' }, field: { type: 'string' }, problem: { type: 'string' } },
        },
      },
    },
  },
  FeatureCollection: {
    type: 'object',
    description: 'An RFC 7946 GeoJSON FeatureCollection (WGS84 longitude, latitude)',
    required: ['type', 'features'],
    properties: { type: { type: 'string', enum: ['FeatureCollection'] }, features: { type: 'array', items: { $ref: '#/components/schemas/Feature' } } },
  },
  Feature: {
    type: 'object',
    required: ['type', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { oneOf: [{ type: 'string' }, { type: 'number' }] },
      geometry: { type: 'object', nullable: true },
      properties: { type: 'object', nullable: true },
    },
  },
  Area: {
    type: 'object',
    properties: {
      code: { type: 'string', example: '33078210100101' },
      name: { type: 'string', example: '东苑社区第1网格' },
      level: { type: 'string', example: 'grid' },
      kind: { type: 'string', enum: ['base', 'village', 'school', 'hospital', 'institution', 'enterprise', 'estate'] },
      depth: { type: 'integer' },
      region: { type: 'string' },
      parent_code: { type: 'string', nullable: true },
      ancestors: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' } } } },
      children: { type: 'array', items: { type: 'string' } },
      area_m2: { type: 'number' },
      geometry: { type: 'object', description: 'GeoJSON MultiPolygon' },
    },
  },
  SearchResult: {
    oneOf: [
      {
        type: 'object',
        properties: {
          type: { type: 'string', enum: ['area'] }, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' }, kind: { type: 'string' },
          bbox: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 }, center: { type: 'array', items: { type: 'number' } },
        },
      },
      {
        type: 'object',
        description: 'An address: where it is and its cell; never who lives there',
        properties: {
          type: { type: 'string', enum: ['address'] }, address: { type: 'string' }, center: { type: 'array', items: { type: 'number' } },
          households: { type: 'integer' },
          cell: { type: 'object', nullable: true, properties: { code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' } } },
        },
      },
    ],
  },
  AreaCounts: {
    type: 'object',
    properties: {
      id: { type: 'integer', description: 'The feature id in the vector tiles' },
      code: { type: 'string' }, kind: { type: 'string' },
      households: { type: 'integer' }, people: { type: 'integer' }, floating: { type: 'integer' }, facilities: { type: 'integer' },
      open_events: { type: 'integer', nullable: true, description: 'null where the events register is not installed' },
      sizing: {
        type: 'object',
        description: 'The households verdict against the sizing rules in force, as GET /api/sizing gives it',
        properties: {
          status: { type: 'string', enum: ['under', 'within', 'over', 'exempt', 'no_rule'] },
          band: { type: 'object', nullable: true, properties: { min: { type: 'integer', nullable: true }, max: { type: 'integer', nullable: true } } },
        },
      },
    },
  },
  TileJSON: {
    type: 'object',
    description: 'TileJSON 3.0.0',
    properties: { tilejson: { type: 'string' }, tiles: { type: 'array', items: { type: 'string' } }, minzoom: { type: 'integer' }, maxzoom: { type: 'integer' }, bounds: { type: 'array', items: { type: 'number' } }, vector_layers: { type: 'array', items: { type: 'object' } } },
  },
  OgcLinks: {
    type: 'array',
    items: { type: 'object', required: ['href', 'rel'], properties: { href: { type: 'string' }, rel: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } } },
  },
};
