import express, { type Request } from 'express';
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import type { ImportPointsOptions } from '../services/import_points.ts';
import { parseWith } from './validate.ts';

/** Query parameters of POST /api/households/import and /api/facilities/import. */
const importQuery = z.object({
  crs: z.string().optional(),
  on_error: z.enum(['refuse', 'skip']).optional(),
  region: z.string().optional(),
  near_edge_m: z.coerce.number().min(0).max(1000).optional(),
  id_field: z.string().optional(),
  lon_field: z.string().optional(),
  lat_field: z.string().optional(),
  address_field: z.string().optional(),
  people_field: z.string().optional(),
  floating_field: z.string().optional(),
  flags_field: z.string().optional(),
  name_field: z.string().optional(),
  category_field: z.string().optional(),
  head_name_field: z.string().optional(),
  phone_field: z.string().optional(),
});

/** CSV bodies arrive as text; GeoJSON as JSON (parsed by the app). */
export function csvBody(limit: string) {
  return express.text({ type: ['text/csv', 'application/csv', 'text/plain'], limit });
}

/** The body (GeoJSON or CSV) and options of a point import request. */
export function readPointImport(req: Request): { body: { geojson: unknown } | { csv: string }; options: ImportPointsOptions } {
  const q = parseWith(importQuery, req.query, 'query');
  const body = typeof req.body === 'string' ? { csv: req.body } : { geojson: req.body };
  if ('geojson' in body && (body.geojson === undefined || (typeof body.geojson === 'object' && body.geojson !== null && Object.keys(body.geojson).length === 0))) {
    throw new ValidationError('No body: send a GeoJSON FeatureCollection of Points (application/json) or CSV (text/csv).', [{ field: 'body', problem: 'empty' }]);
  }
  return {
    body,
    options: {
      crs: q.crs,
      onError: q.on_error,
      region: q.region,
      nearEdgeM: q.near_edge_m,
      mapping: {
        id: q.id_field, lon: q.lon_field, lat: q.lat_field, address: q.address_field, people: q.people_field,
        floating: q.floating_field, flags: q.flags_field, name: q.name_field, category: q.category_field,
        head_name: q.head_name_field, phone: q.phone_field,
      },
    },
  };
}

export const pageQuery = {
  limit: z.coerce.number().int().positive().max(10_000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
};
export const assignmentParam = z.enum(['pending', 'assigned', 'orphan', 'ambiguous', 'near_edge']).optional();
