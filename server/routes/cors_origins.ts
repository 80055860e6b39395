import type { RequestHandler } from 'express';
import cors from 'cors';

/**
 * Cross-origin use by the pages of the configured origins (GRIDWORK_CORS_ORIGINS), before
 * authentication so that a preflight (OPTIONS) is answered with its Access-Control-* headers
 * rather than a 401. No credentials: a listed origin's page sends its own Authorization (a key
 * or a token), never this site's cookie. No origins configured: nothing is granted.
 */
export function corsOrigins(origins: readonly string[]): RequestHandler {
  if (origins.length === 0) return (_req, _res, next) => next();
  return cors({
    origin: [...origins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'Accept-Language', 'If-None-Match', 'Idempotency-Key'],
    exposedHeaders: ['ETag', 'Content-Crs', 'Link', 'WWW-Authenticate', 'Retry-After'],
    credentials: false,
    maxAge: 600,
  });
}
