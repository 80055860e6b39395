import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * At most `perMinute` writes (POST, PUT, PATCH, DELETE) a minute from one address; 0 turns the
 * limit off. Reads are not counted: a map pulls dozens of tiles a second and they are cached. An
 * address over the limit gets a 429 with RateLimit headers saying when to try again.
 */
export function writeRateLimit(perMinute: number): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => !WRITES.has(req.method),
    handler: (_req, res) =>
      res.status(429).json({
        error: 'TooManyRequests',
        message: `More than ${perMinute} writes a minute from this address; wait for the RateLimit-Reset header's seconds and retry (GRIDWORK_WRITE_LIMIT sets the limit).`,
      }),
  });
}
