import type { Db } from '../../db/db.ts';
import type { Principal } from '../../domain/access/can.ts';
import { selectPrincipal } from '../../db/queries/select_principal.ts';

const TTL_MS = 5000;
type LivePrincipal = Principal & { tokenGeneration: number };
const caches = new WeakMap<Db, Map<number, { at: number; principal: LivePrincipal | undefined }>>();

/**
 * The user behind a token with their current grants and sessions' generation. Cached for five
 * seconds so that a busy client costs one query per five seconds, while a revoked grant, a
 * disabled user or a password change takes effect within that time (and at once in this process
 * through `forgetPrincipal`).
 */
export async function loadPrincipal(db: Db, userId: number): Promise<LivePrincipal | undefined> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(userId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.principal;
  const principal = await selectPrincipal(db, userId);
  cache.set(userId, { at: Date.now(), principal });
  return principal;
}

export function forgetPrincipal(db: Db, userId: number): void {
  caches.get(db)?.delete(userId);
}
