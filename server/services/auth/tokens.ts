import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Db } from '../../db/db.ts';
import { selectOrCreateSecret } from '../../db/queries/select_or_create_secret.ts';

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
 * A signed bearer token for the user, valid for 12 hours or until their sessions' `generation`
 * moves on (a password change, "sign out everywhere").
 */
export async function issueToken(db: Db, userId: number, username: string, generation: number): Promise<{ token: string; expiresAt: string }> {
  const exp = Math.floor(Date.now() / 1000) + TOKEN_HOURS * 3600;
  const token = await new SignJWT({ username, gen: generation })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(userId))
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(await secretFor(db));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

// Verified tokens until they expire: checking the signature took about 1 ms of every request's
// CPU (docs/PERFORMANCE.md). Only good tokens are kept, so a forged one is checked every time;
// whether the user may still act is decided by loadPrincipal, which re-reads users every 5 s.
const verified = new WeakMap<Db, Map<string, { userId: number; generation: number; expiresMs: number }>>();
const VERIFIED_AT_MOST = 10_000;

/** The user a token was issued to and the generation of their sessions then, or null when it is forged, expired or malformed. */
export async function verifyToken(db: Db, token: string): Promise<{ userId: number; generation: number } | null> {
  let cache = verified.get(db);
  if (!cache) verified.set(db, (cache = new Map()));
  const hit = cache.get(token);
  if (hit && hit.expiresMs > Date.now()) return hit;
  if (hit) cache.delete(token);
  try {
    const { payload } = await jwtVerify(token, await secretFor(db), { algorithms: ['HS256'] });
    const id = Number(payload.sub);
    // Tokens from before generations existed are of the first one.
    const generation = payload.gen === undefined ? 0 : Number(payload.gen);
    if (!Number.isInteger(id) || !Number.isInteger(generation)) return null;
    if (cache.size >= VERIFIED_AT_MOST) cache.delete(cache.keys().next().value!);
    const verifiedToken = { userId: id, generation, expiresMs: (payload.exp ?? 0) * 1000 };
    cache.set(token, verifiedToken);
    return verifiedToken;
  } catch {
    return null;
  }
}
