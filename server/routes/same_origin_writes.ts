import type { Request, RequestHandler } from 'express';
import { ForbiddenError } from '../errors.ts';
import { TOKEN_COOKIE } from './access.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses (403) a write that rides on the session cookie unless it comes from this site's own
 * pages: its `Origin` (or, when a browser sends none, its `Referer`) must be this server's
 * origin: the host the request was sent to, or GRIDWORK_PUBLIC_URL's. The cookie is
 * `SameSite=Strict`, but a page on another port of the same host is the same *site*: without
 * this, its `no-cors` fetch or auto-submitted `text/plain` form writes with the victim's session
 * (cross-site request forgery, #14), body or no body.
 *
 * Exempt: requests with `Authorization: Bearer …` (no browser adds one on its own, and another
 * origin cannot without a CORS preflight this server never grants), and requests with no session
 * cookie (Open311's api_key, sign-in), which borrow nothing.
 */
export function sameOriginWrites(options: { publicUrl?: string } = {}): RequestHandler {
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : null;
  return (req, _res, next) => {
    if (READS.has(req.method) || req.headers.authorization?.startsWith('Bearer ') || !hasSessionCookie(req)) return next();
    const origin = req.headers.origin ?? refererOrigin(req.headers.referer);
    if (origin && origin !== 'null' && (origin === publicOrigin || hostOf(origin) === req.host?.toLowerCase())) return next();
    throw new ForbiddenError(
      origin
        ? `Refused: this ${req.method} carries the session cookie but comes from another site (${origin}). Writes signed in by the cookie are taken only from Gridwork's own pages; a script or another service signs in with Authorization: Bearer TOKEN.`
        : `Refused: this ${req.method} carries the session cookie but no Origin or Referer header to show it comes from Gridwork's own pages. A script or another service signs in with Authorization: Bearer TOKEN.`,
    );
  };
}

function hasSessionCookie(req: Request): boolean {
  return req.headers.cookie?.split(';').some((c) => c.trim().startsWith(`${TOKEN_COOKIE}=`)) ?? false;
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}
