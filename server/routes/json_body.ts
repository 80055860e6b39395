import express, { type RequestHandler } from 'express';
import { isUtf8 } from 'node:buffer';
import { jsonTooDeep } from './json_depth.ts';
import { firstInvalidUtf8, lineAt } from '../domain/decode_text.ts';

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
    // body-parser would decode bytes that are not UTF-8 as U+FFFD, silently and for good (#14).
    if (!isUtf8(buf)) {
      const at = firstInvalidUtf8(buf);
      throw Object.assign(new Error(`The body is not valid UTF-8: byte ${at} (line ${lineAt(buf, at)}) cannot be read. JSON is sent as UTF-8.`), { status: 400, type: 'entity.encoding' });
    }
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
