import type { Queryable } from '../db.ts';

/** Stores a new access key (its hash only) and returns its id. */
export async function insertAccessKey(db: Queryable, k: { userId: number; name: string; prefix: string; keyHash: string; permissions: string[]; expiresAt: string }): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `insert into access_key (user_id, name, prefix, key_hash, permissions, expires_at)
     values ($1::int, $2::text, $3::text, $4::text, $5::text[], $6::timestamptz) returning id::int as id`,
    [k.userId, k.name, k.prefix, k.keyHash, k.permissions, k.expiresAt],
  );
  return row.id;
}
