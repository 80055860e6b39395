import type { Request, RequestHandler } from 'express';
import type { Db } from '../db/db.ts';
import { can, type Principal } from '../domain/access/can.ts';
import type { Permission } from '../domain/access/permissions.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.ts';
import { selectAreaAncestry } from '../db/queries/select_area_ancestry.ts';
import { verifyToken } from '../services/auth/tokens.ts';
import { loadPrincipal } from '../services/auth/load_principal.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Who is asking: null when no valid token came with the request. */
    principal?: Principal | null;
  }
}

export const TOKEN_COOKIE = 'gridwork_token';

/**
 * Reads the bearer token (Authorization header, or the web app's cookie) and puts the user with
 * their current grants on `req.principal`. A missing or bad token is not refused here: the
 * route's `requirePermission` decides.
 */
export function authenticate(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const token = bearer(req);
    const userId = token ? await verifyToken(db, token) : null;
    req.principal = userId === null ? null : ((await loadPrincipal(db, userId)) ?? null);
    next();
  };
}

/**
 * Refuses the request unless its principal holds `permission` over the area `areaOf` names (its
 * whole ancestry is checked), or anywhere when `areaOf` is absent: 401 without a valid token,
 * 403 with one that does not reach. An unknown area is a 404 only to those who could see it.
 */
export function requirePermission(db: Db, permission: Permission, areaOf?: (req: Request) => string | undefined): RequestHandler {
  return async (req, _res, next) => {
    if (!req.principal) throw new UnauthorizedError('Sign in first: send Authorization: Bearer TOKEN (POST /api/auth/login gives one).');
    const code = areaOf?.(req);
    if (code === undefined) {
      if (!can(req.principal, permission)) throw new ForbiddenError(`Your roles do not allow ${permission}.`);
      return next();
    }
    const path = await selectAreaAncestry(db, code);
    if (!path) {
      if (can(req.principal, permission)) throw new NotFoundError(`No area has code "${code}".`);
      throw new ForbiddenError(`Your roles do not allow ${permission} here.`);
    }
    if (!can(req.principal, permission, path)) throw new ForbiddenError(`Your roles do not allow ${permission} in area ${code}.`);
    next();
  };
}

function bearer(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = req.headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1)) : null;
}
