import { scopeCodes, type Principal } from './can.ts';
import { PERMISSIONS, type Permission } from './permissions.ts';

/**
 * For every permission, where `principal` holds it (scopeCodes: null everywhere, [] nowhere,
 * else the roots of the subtrees). GET /api/auth/me sends this so that pages decide which
 * controls to offer from the server's rule, not from a copy of it (the server still checks
 * every request).
 *
 * @example permissionScopes({ grants: [{ role: 'viewer', areaCode: 'T01', canPublish: false }], … })['areas.read'] // ['T01']
 */
export function permissionScopes(principal: Principal | null): Record<Permission, string[] | null> {
  return Object.fromEntries(PERMISSIONS.map((p) => [p, scopeCodes(principal, p)])) as Record<Permission, string[] | null>;
}
