import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

const READS = new Set(['GET', 'HEAD']);

/**
 * At most `perMinute` reads (GET, HEAD) a minute from one signed-in user (`by: 'user'`, mounted
 * after authentication; signed-out reads pass) or from one address (`by: 'address'`); 0 turns it
 * off. The defaults (config.ts) leave room for a map's tile bursts; over them, a 429 with
 * Retry-After and RateLimit headers says when to come back.
 */
export function readRateLimit(perMinute: number, by: 'user' | 'address'): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  const who = by === 'user' ? 'this user' : 'this address';
  const setting = by === 'user' ? 'GRIDWORK_READ_LIMIT_USER' : 'GRIDWORK_READ_LIMIT_ADDRESS';
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => !READS.has(req.method) || (by === 'user' && !req.principal),
    keyGenerator: (req) => (by === 'user' ? `user ${req.principal!.userId}` : ipKeyGenerator(req.ip ?? '')),
    // The library sets Retry-After (standard headers on) before this runs.
    handler: (_req, res) =>
      res.status(429).json({
        error: 'TooManyRequests',
        message: `More than ${perMinute} reads a minute from ${who}; wait for the Retry-After header's seconds and retry (${setting} sets the limit).`,
      }),
  });
}
