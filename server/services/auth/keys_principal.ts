import type { Db } from '../../db/db.ts';
import type { Principal } from '../../domain/access/can.ts';
import { verifyKey } from './keys_verify.ts';
import { loadPrincipal } from './load_principal.ts';

/**
 * Who a key acts for: its user with their current grants, narrowed to the key's permissions
 * (`only`), or null when the key is unknown, revoked or expired, the user disabled, or — with
 * HTTP Basic — the username is not the key's user.
 */
export async function keyPrincipal(db: Db, key: string, username?: string): Promise<Principal | null> {
  const verified = key ? await verifyKey(db, key) : null;
  if (!verified) return null;
  const user = await loadPrincipal(db, verified.userId);
  if (!user || (username !== undefined && username !== user.username)) return null;
  return { userId: user.userId, username: user.username, grants: user.grants, only: verified.permissions };
}
