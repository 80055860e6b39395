import type { Request, RequestHandler } from 'express';
import type { Db, Queryable } from '../db/db.ts';
import { can, scopeCodes, type Principal } from '../domain/access/can.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { commonAncestor } from '../domain/access/common_ancestor.ts';
import type { Permission } from '../domain/access/permissions.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.ts';
import { selectAreaAncestry } from '../db/queries/select_area_ancestry.ts';
import { selectAreaPaths } from '../db/queries/select_area_paths.ts';
import { verifyToken, type VerifiedToken } from '../services/auth/tokens.ts';
import { loadPrincipal } from '../services/auth/load_principal.ts';
import { keyPrincipal } from '../services/auth/keys_principal.ts';
import { keyCredentials } from './keys_credentials.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Who is asking: null when no valid token came with the request. */
    principal?: Principal | null;
    /** The token that signed the principal in (its id and expiry), when there is one. */
    credential?: VerifiedToken;
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
    // A personal access key (bearer, Basic password, or ?key= on tile and OGC URLs): docs/ACCESS.md.
    const key = keyCredentials(req);
    if (key) {
      req.principal = await keyPrincipal(db, key.key, key.username);
      return next();
    }
    const token = bearer(req);
    const verified = token ? await verifyToken(db, token) : null;
    const user = verified ? await loadPrincipal(db, verified.userId) : undefined;
    // A token of an earlier generation of the user's sessions (before a password change) is void.
    req.principal = user && user.tokenGeneration === verified!.generation ? user : null;
    if (req.principal) req.credential = verified!;
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
    await assertPermission(db, req.principal, permission, areaOf?.(req));
    next();
  };
}

/**
 * requirePermission's check, for an area known only once the body is parsed: throws 401 without
 * a principal, 403 when `permission` does not reach `code` (or anywhere, when code is undefined),
 * 404 for an unknown code to those who could see it.
 */
export async function assertPermission(db: Queryable, principal: Principal | null | undefined, permission: Permission, code?: string): Promise<void> {
  if (!principal) throw new UnauthorizedError('Sign in first: send Authorization: Bearer TOKEN (POST /api/auth/login gives one).');
  if (code === undefined) {
    if (!can(principal, permission)) throw new ForbiddenError(`Your roles do not allow ${permission}.`);
    return;
  }
  const path = await selectAreaAncestry(db, code);
  if (!path) {
    if (can(principal, permission)) throw new NotFoundError(`No area has code "${code}".`);
    throw new ForbiddenError(`Your roles do not allow ${permission} here.`);
  }
  if (!can(principal, permission, path)) throw new ForbiddenError(`Your roles do not allow ${permission} in area ${code}.`);
}

/**
 * Refuses the request unless its principal holds `permission` everywhere (an unscoped grant):
 * for settings that apply to every area at once, such as the sizing rules.
 */
export function requireEverywhere(permission: Permission): RequestHandler {
  return async (req, _res, next) => {
    if (!req.principal) throw new UnauthorizedError('Sign in first: send Authorization: Bearer TOKEN (POST /api/auth/login gives one).');
    if (scopeCodes(req.principal, permission) !== null) throw new ForbiddenError(`Only a role held everywhere may do this (${permission} applies to every area at once).`);
    next();
  };
}

/** A query parameter naming an area, for `requirePermission`'s `areaOf`; not a single string: left to validation. */
export const queryArea = (name: string) => (req: Request): string | undefined => {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** A path parameter naming an area, for `requirePermission`'s `areaOf`. */
export const paramArea = (name: string) => (req: Request): string | undefined => {
  const v = req.params[name];
  return typeof v === 'string' ? v : undefined;
};

/** The roots of the subtrees where the request's principal holds `permission`; null for everywhere. */
export function scopeOf(req: Request, permission: Permission): string[] | null {
  return scopeCodes(req.principal ?? null, permission);
}

/**
 * Refuses (403) unless every area in `codes` lies where the principal holds `permission`: for
 * writes that name several areas (a staff register, a coverage fix). Codes that name no area are
 * left to the operation, which reports them as a 400 with the rest of the body's problems.
 */
export async function assertAreasInScope(
  db: Queryable,
  principal: Principal | null | undefined,
  permission: Permission,
  codes: readonly string[],
  why: (outside: string[]) => string = () => '',
): Promise<void> {
  const scope = scopeCodes(principal ?? null, permission);
  if (scope === null || codes.length === 0) return;
  const paths = new Map((await selectAreaPaths(db, [...new Set(codes)])).map((a) => [a.code, a.path.split('/')]));
  const outside = [...new Set(codes)].filter((c) => paths.has(c) && !inScope(paths.get(c)!, scope));
  if (outside.length) throw new ForbiddenError(`Your roles do not allow ${permission} in area ${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ` and ${outside.length - 5} more` : ''}${why(outside)}.`);
}

/** Who the audit log names for this request. */
export function actorOf(req: Request): string {
  return req.principal?.username ?? 'anonymous';
}

/** The deepest area above all of `codes` (for filing one audit entry about many areas), or null. */
export async function commonAreaOf(db: Queryable, codes: readonly string[]): Promise<string | null> {
  const wanted = new Set(codes);
  const paths = (await selectAreaPaths(db, [...wanted])).filter((a) => wanted.has(a.code)).map((a) => a.path.split('/'));
  return commonAncestor(paths);
}

/** k of k-anonymity: special-care groups smaller than this are suppressed (GRIDWORK_K_ANONYMITY, 5). */
export function kAnonymity(env: NodeJS.ProcessEnv = process.env): number {
  const k = Number(env.GRIDWORK_K_ANONYMITY ?? 5);
  return Number.isInteger(k) && k >= 1 ? k : 5;
}

function bearer(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = req.headers.cookie?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1)) : null;
}
