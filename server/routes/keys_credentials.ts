import type { Request, RequestHandler } from 'express';
import { KEY_PREFIX } from '../services/auth/keys_create.ts';

/** Paths where a key may ride in the URL (`?key=…`): tile and OGC clients that cannot send headers. */
const KEY_IN_URL_PATHS = /^\/(tiles|ogc)(\/|$)/;
const READS = new Set(['GET', 'HEAD']);
const urlKeys = new WeakMap<Request, string>();

/**
 * Takes a `key` query parameter off the URL before anything else sees the request, so that
 * nothing after (the request log, links the API writes, error messages) can repeat it. Kept for
 * `keyCredentials` on tile and OGC URLs; elsewhere it is dropped and counts for nothing.
 */
export function takeUrlKey(): RequestHandler {
  return (req, _res, next) => {
    const q = req.url.indexOf('?');
    if (q < 0 || !/(^|&)key=/.test(req.url.slice(q + 1))) return next();
    const params = new URLSearchParams(req.url.slice(q + 1));
    const keys = params.getAll('key');
    params.delete('key');
    const rest = params.toString();
    req.url = req.url.slice(0, q) + (rest ? `?${rest}` : '');
    req.originalUrl = req.url;
    // Two keys, or one on another path, authenticate nobody: an empty key is refused.
    if (KEY_IN_URL_PATHS.test(req.path)) urlKeys.set(req, keys.length === 1 ? keys[0] : '');
    next();
  };
}

/**
 * The access key a request carries, or null when it carries none: `Authorization: Bearer gwk_…`;
 * and, for reads only, HTTP Basic with the key as the password (`username` is returned for the
 * caller to check) or — on tile and OGC URLs — a `key` query parameter. A browser sends stored
 * Basic credentials and URLs on its own, so those two never authenticate a write (no
 * cross-site request can borrow them to change anything).
 */
export function keyCredentials(req: Request): { key: string; username?: string } | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    return token.startsWith(KEY_PREFIX) ? { key: token } : null;
  }
  if (header && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    return { key: READS.has(req.method) && password.startsWith(KEY_PREFIX) ? password : '', username: decoded.slice(0, Math.max(colon, 0)) };
  }
  const inUrl = urlKeys.get(req);
  if (inUrl === undefined) return null;
  return { key: READS.has(req.method) && inUrl.startsWith(KEY_PREFIX) ? inUrl : '' };
}
