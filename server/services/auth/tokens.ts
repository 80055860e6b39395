import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Db } from '../../db/db.ts';
import { selectOrCreateSecret } from '../../db/queries/select_or_create_secret.ts';
import { selectTokenRevoked } from '../../db/queries/select_token_revoked.ts';

const TOKEN_HOURS = 12;
const secrets = new WeakMap<Db, Promise<Uint8Array>>();

// One signing secret per database, made on first use: tokens stay valid across restarts and
// every server process on the same PostGIS accepts them.
function secretFor(db: Db): Promise<Uint8Array> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = selectOrCreateSecret(db, 'token_hs256', randomBytes(32).toString('base64')).then((s) => Buffer.from(s, 'base64'));
    secrets.set(db, secret);
  }
  return secret;
}

/**
 * A signed bearer token for the user, valid for 12 hours, until their sessions' `generation`
 * moves on (a password change, "sign out everywhere"), or until it is signed out itself
 * (revokeToken): its `jti` names it.
 */
export async function issueToken(db: Db, userId: number, username: string, generation: number, seconds = TOKEN_HOURS * 3600): Promise<{ token: string; expiresAt: string }> {
  const exp = Math.floor(Date.now() / 1000) + seconds;
  const token = await new SignJWT({ username, gen: generation })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(userId))
    .setJti(randomBytes(16).toString('base64url'))
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(await secretFor(db));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** A token whose signature held: whose it is, its id (null on tokens from before ids), and when it expires. */
export interface VerifiedToken {
  userId: number;
  generation: number;
  tokenId: string | null;
  expiresMs: number;
}

// Verified tokens until they expire: checking the signature took about 1 ms of every request's
// CPU (docs/PERFORMANCE.md). Only good tokens are kept, so a forged one is checked every time;
// whether the user may still act is decided by loadPrincipal, which re-reads users every 5 s.
// Whether the token was signed out is asked again after REVOKED_CHECKED_FOR (a sign-out in this
// process forgets it at once, see forgetToken; one in another process is seen within this time).
const verified = new WeakMap<Db, Map<string, VerifiedToken & { checkedMs: number }>>();
const VERIFIED_AT_MOST = 10_000;
const REVOKED_CHECKED_FOR = 5_000;

/** The user a token was issued to and the generation of their sessions then, or null when it is forged, expired, signed out or malformed. */
export async function verifyToken(db: Db, token: string): Promise<VerifiedToken | null> {
  let cache = verified.get(db);
  if (!cache) verified.set(db, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(token);
  if (hit && hit.expiresMs > now && hit.checkedMs + REVOKED_CHECKED_FOR > now) return hit;
  if (hit) cache.delete(token);
  let verifiedToken: VerifiedToken;
  try {
    const { payload } = await jwtVerify(token, await secretFor(db), { algorithms: ['HS256'] });
    const id = Number(payload.sub);
    // Tokens from before generations existed are of the first one.
    const generation = payload.gen === undefined ? 0 : Number(payload.gen);
    if (!Number.isInteger(id) || !Number.isInteger(generation)) return null;
    verifiedToken = { userId: id, generation, tokenId: typeof payload.jti === 'string' ? payload.jti : null, expiresMs: (payload.exp ?? 0) * 1000 };
  } catch {
    return null;
  }
  if (verifiedToken.tokenId && (await selectTokenRevoked(db, verifiedToken.tokenId))) return null;
  if (cache.size >= VERIFIED_AT_MOST) cache.delete(cache.keys().next().value!);
  cache.set(token, { ...verifiedToken, checkedMs: now });
  return verifiedToken;
}

/** Forgets the verified token whose id is `tokenId` (it was signed out): the next request with it is checked afresh. */
export function forgetToken(db: Db, tokenId: string): void {
  const cache = verified.get(db);
  for (const [token, v] of cache ?? []) if (v.tokenId === tokenId) cache!.delete(token);
}
