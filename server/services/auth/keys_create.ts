import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import type { Principal } from '../../domain/access/can.ts';
import type { Permission } from '../../domain/access/permissions.ts';
import { keyPermissions } from '../../domain/access/key_permissions.ts';
import { ValidationError } from '../../errors.ts';
import { insertAccessKey } from '../../db/queries/insert_access_key.ts';
import { insertAudit } from '../../db/queries/insert_audit.ts';
import { selectAccessKeys, type AccessKeyRow } from '../../db/queries/select_access_keys.ts';

/** What every key starts with: how the server tells a key from a session token. */
export const KEY_PREFIX = 'gwk_';

/** The stored form of a key: keys are 32 random bytes, so SHA-256 suffices (no slow hash needed). */
export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * Makes a personal access key for `principal`: read-only unless permissions are named, never
 * more than the user holds, valid for `expiresInDays`. The key itself is returned once, here;
 * only its hash is kept. Audited.
 */
export async function createKey(db: Db, principal: Principal, k: { name: string; permissions?: Permission[]; expiresInDays: number }): Promise<AccessKeyRow & { key: string }> {
  const { permissions, unheld } = keyPermissions(principal, k.permissions);
  if (unheld.length) {
    throw new ValidationError(`A key cannot carry permissions its user does not hold: ${unheld.join(', ')}.`, unheld.map((p) => ({ field: 'permissions', problem: `you do not hold ${p}`, reason: 'key.unheld' })));
  }
  if (permissions.length === 0) throw new ValidationError('The key would carry no permission: you hold none of those asked for.', [{ field: 'permissions', problem: 'no permission left', reason: 'key.empty' }]);
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + k.expiresInDays * 86_400_000).toISOString();
  return db.transaction(async (tx) => {
    const id = await insertAccessKey(tx, { userId: principal.userId, name: k.name, prefix: key.slice(0, KEY_PREFIX.length + 6), keyHash: hashKey(key), permissions, expiresAt });
    const [row] = await selectAccessKeys(tx, principal.userId, id);
    await insertAudit(tx, { actor: principal.username, action: 'key.create', entity: 'access_key', entityId: String(id), after: row });
    return { ...row, key };
  });
}
