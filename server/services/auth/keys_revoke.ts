import type { Db } from '../../db/db.ts';
import type { Principal } from '../../domain/access/can.ts';
import { can } from '../../domain/access/can.ts';
import { NotFoundError } from '../../errors.ts';
import { insertAudit } from '../../db/queries/insert_audit.ts';
import { selectAccessKeys, type AccessKeyRow } from '../../db/queries/select_access_keys.ts';
import { updateAccessKeyRevoked } from '../../db/queries/update_access_key_revoked.ts';

/**
 * Revokes key `id`: the owner's own, or anyone's for an administrator (users.manage). It stops
 * working at the next request. A key the caller may not see is a 404, as an unknown one. Audited.
 */
export async function revokeKey(db: Db, principal: Principal, id: number): Promise<AccessKeyRow> {
  const everyone = can(principal, 'users.manage');
  return db.transaction(async (tx) => {
    const [before] = await selectAccessKeys(tx, everyone ? null : principal.userId, id);
    if (!before) throw new NotFoundError(`You have no access key ${id}.`);
    await updateAccessKeyRevoked(tx, id, principal.username);
    const [after] = await selectAccessKeys(tx, null, id);
    await insertAudit(tx, { actor: principal.username, action: 'key.revoke', entity: 'access_key', entityId: String(id), before, after });
    return after;
  });
}
