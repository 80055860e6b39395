// Types only: the web app bundles none of the server's code; what a user may do comes from the
// server's own rule, in GET /api/auth/me's `scopes` (server/domain/access/permission_scopes.ts).
import type { Principal } from '../server/domain/access/can.ts';
import type { Permission } from '../server/domain/access/permissions.ts';

/** GET /api/auth/me: the user, their grants, and where they hold each permission (null: everywhere). */
export type Me = Principal & { scopes: Record<Permission, string[] | null> };

/**
 * Whether the signed-in user holds `permission` anywhere (a page then offers the control; the
 * server still checks each request against the area it is about).
 * Example: mayAnywhere({ scopes: { 'plans.edit': [] , … } }, 'plans.edit') → false.
 */
export function mayAnywhere(me: Me | null, permission: Permission): boolean {
  const scope = me?.scopes?.[permission];
  return scope === null || (scope !== undefined && scope.length > 0);
}

/** Whether the signed-in user holds `permission` everywhere (over the whole tree). */
export function mayEverywhere(me: Me | null, permission: Permission): boolean {
  return me?.scopes?.[permission] === null;
}
