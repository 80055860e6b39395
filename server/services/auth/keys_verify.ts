import type { Db } from '../../db/db.ts';
import type { Permission } from '../../domain/access/permissions.ts';
import { selectAccessKeyByHash } from '../../db/queries/select_access_key_by_hash.ts';
import { updateAccessKeyUsed } from '../../db/queries/update_access_key_used.ts';
import { hashKey } from './keys_create.ts';

const USED_EVERY_MS = 60_000;
const lastWritten = new WeakMap<Db, Map<number, number>>();

/**
 * The user and permissions of a live key, or null for an unknown, revoked or expired one. Not
 * cached: one indexed read per request, so that a revocation (by any process) and an expiry
 * take effect at the next request. The last-used time is written at most once a minute per key.
 */
export async function verifyKey(db: Db, key: string): Promise<{ keyId: number; userId: number; permissions: Permission[] } | null> {
  const row = await selectAccessKeyByHash(db, hashKey(key));
  if (!row) return null;
  let written = lastWritten.get(db);
  if (!written) lastWritten.set(db, (written = new Map()));
  if (Date.now() - (written.get(row.id) ?? 0) >= USED_EVERY_MS) {
    written.set(row.id, Date.now());
    if (written.size > 10_000) written.delete(written.keys().next().value!);
    await updateAccessKeyUsed(db, row.id);
  }
  return { keyId: row.id, userId: row.userId, permissions: row.permissions as Permission[] };
}
