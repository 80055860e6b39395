import type { Db } from '../../db/db.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { insertUser } from '../../db/queries/insert_user.ts';
import { insertRoleGrant } from '../../db/queries/insert_role_grant.ts';
import { deleteRoleGrant } from '../../db/queries/delete_role_grant.ts';
import { selectUsers, type UserRow } from '../../db/queries/select_users.ts';
import { updateUser } from '../../db/queries/update_user.ts';
import { insertAudit } from '../../db/queries/insert_audit.ts';
import { selectAreaAncestry } from '../../db/queries/select_area_ancestry.ts';
import type { Role } from '../../domain/access/permissions.ts';
import { hashPassword } from './passwords.ts';
import { forgetPrincipal } from './load_principal.ts';
import { endUserStreams } from '../open_streams.ts';

export interface NewUser {
  username: string;
  password: string;
  displayName?: string;
  grants?: { role: Role; areaCode: string | null; canPublish?: boolean }[];
}

/** Creates a user with their grants in one transaction, audited as `actor`. */
export async function createUser(db: Db, actor: string, u: NewUser): Promise<UserRow> {
  const passwordHash = await hashPassword(u.password, u.username);
  return db.transaction(async (tx) => {
    if ((await selectUsers(tx, u.username)).length) throw new ConflictError(`A user named "${u.username}" exists already.`);
    const id = await insertUser(tx, { username: u.username, displayName: u.displayName ?? '', passwordHash });
    for (const g of u.grants ?? []) {
      await requireArea(tx, g.areaCode);
      await insertRoleGrant(tx, { userId: id, role: g.role, areaCode: g.areaCode, canPublish: g.canPublish ?? false });
    }
    const [created] = await selectUsers(tx, u.username);
    await insertAudit(tx, { actor, action: 'user.create', entity: 'user', entityId: u.username, after: created });
    return created;
  });
}

/**
 * Changes a user's name, password or disabled flag, audited (never the password itself). A new
 * password, or `signOut`, ends every session the user has: their tokens stop working at once;
 * those, and disabling them, also end their open event and change streams.
 */
export async function changeUser(db: Db, actor: string, username: string, change: { displayName?: string; password?: string; disabled?: boolean; signOut?: boolean }): Promise<UserRow> {
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password, username);
  const updated = await db.transaction(async (tx) => {
    const [before] = await selectUsers(tx, username);
    if (!before) throw new NotFoundError(`No user is named "${username}".`);
    const signOut = passwordHash !== undefined || change.signOut === true;
    await updateUser(tx, before.id, { displayName: change.displayName, passwordHash, disabled: change.disabled, signOut });
    const [after] = await selectUsers(tx, username);
    await insertAudit(tx, { actor, action: 'user.update', entity: 'user', entityId: username, before, after: { ...after, password_changed: passwordHash !== undefined, signed_out: signOut } });
    return after;
  });
  forgetPrincipal(db, updated.id);
  // Their open event and change streams end too: they were opened with the rights now taken away.
  if (change.disabled === true || passwordHash !== undefined || change.signOut === true) endUserStreams(db, updated.id);
  return updated;
}

export async function grantRole(db: Db, actor: string, username: string, g: { role: Role; areaCode: string | null; canPublish?: boolean }): Promise<UserRow> {
  const updated = await db.transaction(async (tx) => {
    const [user] = await selectUsers(tx, username);
    if (!user) throw new NotFoundError(`No user is named "${username}".`);
    await requireArea(tx, g.areaCode);
    await insertRoleGrant(tx, { userId: user.id, role: g.role, areaCode: g.areaCode, canPublish: g.canPublish ?? false });
    await insertAudit(tx, { actor, action: 'user.grant', entity: 'user', entityId: username, areaCode: g.areaCode, after: g });
    return (await selectUsers(tx, username))[0];
  });
  forgetPrincipal(db, updated.id);
  return updated;
}

export async function revokeRole(db: Db, actor: string, username: string, grantId: number): Promise<UserRow> {
  const updated = await db.transaction(async (tx) => {
    const [user] = await selectUsers(tx, username);
    if (!user) throw new NotFoundError(`No user is named "${username}".`);
    const removed = await deleteRoleGrant(tx, user.id, grantId);
    if (!removed) throw new NotFoundError(`User "${username}" has no grant ${grantId}.`);
    await insertAudit(tx, { actor, action: 'user.revoke', entity: 'user', entityId: username, areaCode: removed.area_code, before: removed });
    return (await selectUsers(tx, username))[0];
  });
  forgetPrincipal(db, updated.id);
  // A stream's scope was decided when it opened: it must not outlive the grant. Clients reconnect under the rights left.
  endUserStreams(db, updated.id);
  return updated;
}

async function requireArea(tx: Parameters<typeof selectAreaAncestry>[0], code: string | null): Promise<void> {
  if (code !== null && !(await selectAreaAncestry(tx, code))) throw new NotFoundError(`No area has code "${code}" to grant a role at.`);
}
