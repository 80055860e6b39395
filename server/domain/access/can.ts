import { ROLE_PERMISSIONS, type Permission, type Role } from './permissions.ts';

export interface Grant {
  role: Role;
  /** The area whose subtree the role reaches; null for everywhere. */
  areaCode: string | null;
  /** Planners only: may publish drafts, not just edit them. */
  canPublish: boolean;
}

export interface Principal {
  userId: number;
  username: string;
  grants: Grant[];
  /**
   * Set when the request came with an access key: only these permissions, within the grants
   * (a key is a subset of its user's permissions, never more).
   */
  only?: readonly Permission[];
}

/**
 * Whether `principal` holds `permission` over the area whose ancestry is `areaPath` (codes from
 * the root down, the area's own code last), or anywhere at all when `areaPath` is undefined
 * (the route then narrows its answer with `scopeCodes`).
 *
 *   can({ grants: [{ role: 'grid_worker', areaCode: 'T0101', … }] }, 'households.read', ['T', 'T01', 'T0101', 'U7'])  // → true
 *   can(same, 'households.read', ['T', 'T01', 'T0102'])                                                              // → false
 */
export function can(principal: Principal | null, permission: Permission, areaPath?: string[]): boolean {
  if (!principal) return false;
  if (principal.only && !principal.only.includes(permission)) return false;
  return principal.grants.some(
    (g) =>
      ROLE_PERMISSIONS[g.role].includes(permission) &&
      (permission !== 'plans.publish' || g.role === 'admin' || g.canPublish) &&
      (areaPath === undefined || g.areaCode === null || areaPath.includes(g.areaCode)),
  );
}

/**
 * The roots of the subtrees where `principal` holds `permission`: null when it holds it
 * everywhere, [] when nowhere. Routes that list things filter by these.
 */
export function scopeCodes(principal: Principal | null, permission: Permission): string[] | null {
  if (!principal) return [];
  if (principal.only && !principal.only.includes(permission)) return [];
  const grants = principal.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission) && (permission !== 'plans.publish' || g.role === 'admin' || g.canPublish));
  if (grants.some((g) => g.areaCode === null)) return null;
  return [...new Set(grants.map((g) => g.areaCode as string))];
}
