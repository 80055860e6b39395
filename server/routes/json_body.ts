import express, { type RequestHandler } from 'express';
import { jsonTooDeep } from './json_depth.ts';

const JSON_TYPES = ['application/json', 'application/geo+json', 'application/vnd.geo+json'];
// Routes that take whole files or registers: they get the large limit, every other route the
// small one, so a runaway client cannot make an event or sign-in request hold 50 MB in memory.
const BULK = /^\/api\/(?:(?:areas|households|facilities)\/import|locate|staff|party-orgs)\/?$/;

/**
 * Parses JSON bodies (and GeoJSON's media types) with two size limits (`bulkLimit` for imports
 * and registers, `limit` for the rest: body-parser answers 413 beyond them) and refuses nesting
 * deeper than `maxDepth` before parsing (400, naming the byte where it went too deep).
 */
export function jsonBody(options: { limit: string; bulkLimit: string; maxDepth: number }): RequestHandler {
  const verify = (_req: unknown, _res: unknown, buf: Buffer) => {
    const deep = jsonTooDeep(buf, options.maxDepth);
    if (!deep) return;
    throw Object.assign(
      new Error(`The body nests arrays and objects ${deep.depth} deep at byte ${deep.position}, deeper than the ${options.maxDepth} levels any route reads (GeoJSON needs about 8).`),
      { status: 400, type: 'entity.too.deep' },
    );
  };
  const bulk = express.json({ limit: options.bulkLimit, type: JSON_TYPES, verify });
  const small = express.json({ limit: options.limit, type: JSON_TYPES, verify });
  return (req, res, next) => (BULK.test(req.path) ? bulk : small)(req, res, next);
}
