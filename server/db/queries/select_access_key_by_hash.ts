import type { Queryable } from '../db.ts';

/** The live key with this hash (not revoked, not expired, of a user who is not disabled), or undefined. */
export async function selectAccessKeyByHash(db: Queryable, keyHash: string): Promise<{ id: number; userId: number; username: string; permissions: string[]; expiresMs: number } | undefined> {
  const [row] = await db.query<{ id: number; user_id: number; username: string; permissions: string[]; expires_ms: string }>(
    `select k.id::int as id, k.user_id, u.username, k.permissions, (extract(epoch from k.expires_at) * 1000)::bigint::text as expires_ms
       from access_key k join app_user u on u.id = k.user_id
      where k.key_hash = $1::text and k.revoked_at is null and k.expires_at > now() and not u.disabled`,
    [keyHash],
  );
  return row && { id: row.id, userId: row.user_id, username: row.username, permissions: row.permissions, expiresMs: Number(row.expires_ms) };
}
