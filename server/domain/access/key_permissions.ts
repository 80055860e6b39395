import { PERMISSIONS, type Permission } from './permissions.ts';
import { can, type Principal } from './can.ts';

/** Permissions that only read: what a key gets when its maker names none. */
export const READ_PERMISSIONS: readonly Permission[] = ['areas.read', 'households.read', 'households.personal', 'events.read', 'audit.read'];

/**
 * The permissions a new key of `principal` carries: those asked for, or every read permission
 * the user holds when none are asked for. A permission the user does not hold anywhere is a
 * problem (returned, for a 400 naming it): a key never reaches beyond its user.
 *
 *   keyPermissions(viewer, undefined)          // → { permissions: ['areas.read'] }
 *   keyPermissions(viewer, ['areas.write'])    // → { unheld: ['areas.write'] }
 */
export function keyPermissions(principal: Principal, asked: readonly Permission[] | undefined): { permissions: Permission[]; unheld: Permission[] } {
  const held = (p: Permission) => can(principal, p);
  if (asked === undefined) return { permissions: READ_PERMISSIONS.filter(held), unheld: [] };
  const wanted = PERMISSIONS.filter((p) => asked.includes(p));
  return { permissions: wanted.filter(held), unheld: wanted.filter((p) => !held(p)) };
}
