import type { Queryable } from '../db.ts';

/** Marks a key revoked (once: a revoked key keeps its first revocation); returns its hash when it was live. */
export async function updateAccessKeyRevoked(db: Queryable, id: number, by: string): Promise<string | undefined> {
  const [row] = await db.query<{ key_hash: string }>(
    `update access_key set revoked_at = now(), revoked_by = $2::text where id = $1::bigint and revoked_at is null returning key_hash`,
    [id, by],
  );
  return row?.key_hash;
}
