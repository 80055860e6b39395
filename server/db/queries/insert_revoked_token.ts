import type { Queryable } from '../db.ts';

/** Marks the token `jti` signed out until `expiresAt` (when it would stop working anyway), and drops rows past theirs. */
export async function insertRevokedToken(db: Queryable, jti: string, expiresAt: Date): Promise<void> {
  await db.query(`delete from revoked_token where expires_at < now()`);
  await db.query(`insert into revoked_token (jti, expires_at) values ($1::text, $2::timestamptz) on conflict (jti) do nothing`, [jti, expiresAt.toISOString()]);
}
