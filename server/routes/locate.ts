import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { ValidationError } from '../errors.ts';
import { CRS_NAMES, parseCrs, type SourceCrs } from '../domain/coordinates/parse_crs.ts';
import { toWgs84 } from '../domain/coordinates/to_wgs84.ts';
import { locatePoint, newLocated, STATUS_NAMES } from '../domain/assign/locate_point.ts';
import { cellChain, getCellIndex, type LoadedCellIndex } from '../services/cell_index.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { requirePermission, scopeOf } from './access.ts';
import { parseWith } from './validate.ts';

const lon = z.coerce.number().min(-180).max(180);
const lat = z.coerce.number().min(-90).max(90);
const one = z.object({ lon, lat, crs: z.string().optional() });
const batch = z.object({
  crs: z.string().optional(),
  points: z.array(z.object({ id: z.union([z.string(), z.number()]).optional(), lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) })).min(1).max(100_000),
});

function crsOf(name: string | undefined): SourceCrs {
  const crs = parseCrs(name);
  if (!crs) throw new ValidationError(`Unknown coordinate system "${name}": use one of ${CRS_NAMES.join(', ')}.`, [{ field: 'crs', problem: `unknown coordinate system "${name}"` }]);
  return crs;
}

/** One point's answer: its cell and the whole chain from the town down, from the in-memory index. */
function answer(loaded: LoadedCellIndex, x: number, y: number, scope: string[] | null, out = newLocated()) {
  const r = locatePoint(loaded.index, x, y, out);
  const chain = r.cell < 0 ? [] : cellChain(loaded, r.cell);
  // A point in a cell outside the caller's subtrees is answered as if no area of theirs held
  // it: where the neighbours' boundaries run is not theirs to learn point by point.
  if (r.cell >= 0 && !inScope(chain.map((l) => l.code), scope)) return { lon: x, lat: y, assignment: 'outside_scope', cell: null, chain: [] };
  return {
    lon: x,
    lat: y,
    assignment: STATUS_NAMES[r.status],
    cell: r.cell < 0 ? null : loaded.links[r.cell].code,
    chain,
    ...(r.hits.length > 1 ? { candidates: r.hits.filter((h) => inScope(cellChain(loaded, h).map((l) => l.code), scope)).map((h) => loaded.links[h].code) } : {}),
  };
}

/**
 * /api/locate: the cell of any point and its chain town → … → unit (MapIt for grids), answered
 * from the in-memory index without touching the database once it is built.
 */
export function locateRouter(db: Db): Router {
  const router = Router();

  router.get('/', requirePermission(db, 'areas.read'), async (req, res) => {
    const q = parseWith(one, req.query, 'query');
    const [x, y] = toWgs84(q.lon, q.lat, crsOf(q.crs));
    res.json(answer(await getCellIndex(db), x, y, scopeOf(req, 'areas.read')));
  });

  router.post('/', requirePermission(db, 'areas.read'), async (req, res) => {
    const q = parseWith(batch, req.body, 'body');
    const crs = crsOf(q.crs);
    const loaded = await getCellIndex(db);
    const out = newLocated();
    const scope = scopeOf(req, 'areas.read');
    res.json({
      results: q.points.map((p) => {
        const [x, y] = toWgs84(p.lon, p.lat, crs);
        return { ...(p.id === undefined ? {} : { id: p.id }), ...answer(loaded, x, y, scope, out) };
      }),
    });
  });

  return router;
}
