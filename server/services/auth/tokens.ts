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

/** A signed bearer token for the user, valid for 12 hours. */
export async function issueToken(db: Db, userId: number, username: string): Promise<{ token: string; expiresAt: string }> {
  const exp = Math.floor(Date.now() / 1000) + TOKEN_HOURS * 3600;
  const token = await new SignJWT({ username })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(userId))
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(await secretFor(db));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The user id a token was issued to, or null when it is forged, expired or malformed. */
export async function verifyToken(db: Db, token: string): Promise<number | null> {
  try {
    const { payload } = await jwtVerify(token, await secretFor(db), { algorithms: ['HS256'] });
    const id = Number(payload.sub);
    return Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}
