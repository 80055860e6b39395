import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { selectAddressSearchResults, selectAreaSearchResults } from '../db/queries/select_search_results.ts';
import { requirePermission, scopeOf } from './access.ts';
import { parseWith } from './validate.ts';

const searchQuery = z.object({
  q: z.string().trim().min(1, 'type at least one character to search for').max(100, 'at most 100 characters'),
  limit: z.coerce.number().int().min(1).max(50).optional(),
  types: z
    .string()
    .transform((s) => s.split(','))
    .refine((t) => t.every((x) => x === 'area' || x === 'address'), 'expected area, address or area,address')
    .optional(),
});

/**
 * GET /api/search?q=…: areas by code or name and household addresses, for the map's search box.
 * An address result gives where it is and its cell, nothing about who lives there.
 */
export function searchRouter(db: Db): Router {
  const router = Router();
  // Areas need areas.read; addresses come from the household register and need households.read
  // (a caller without it gets area results only).
  router.get('/', requirePermission(db, 'areas.read'), async (req, res) => {
    const { q, limit = 10, types = ['area', 'address'] } = parseWith(searchQuery, req.query, 'query');
    const addressScope = scopeOf(req, 'households.read');
    const [areas, addresses] = await Promise.all([
      types.includes('area') ? selectAreaSearchResults(db, q, limit, scopeOf(req, 'areas.read')) : [],
      types.includes('address') && addressScope?.length !== 0 ? selectAddressSearchResults(db, q, limit, addressScope) : [],
    ]);
    res.json({ q, results: [...areas, ...addresses] });
  });
  return router;
}
