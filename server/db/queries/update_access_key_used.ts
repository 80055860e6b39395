import type { Queryable } from '../db.ts';

/** Records that the key was used now (callers write this at most once a minute per key). */
export async function updateAccessKeyUsed(db: Queryable, id: number): Promise<void> {
  await db.query(`update access_key set last_used_at = now() where id = $1::bigint`, [id]);
}
