/**
 * Who may do what: each role's permissions. A role is held at an area (or everywhere, for
 * administrators) and reaches that area's whole subtree and nothing beside it.
 *
 * Analysts and viewers see aggregates only: no household lists, no personal fields. Grid workers
 * see their own grid's households with names and phone numbers, as the practice needs
 * (走访, visits), and nothing of the grid next door.
 */
export const ROLES = ['admin', 'planner', 'dispatcher', 'grid_worker', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'areas.read', // boundaries, names, codes, counts, tiles, OGC
  'areas.write', // import areas, coverage fixes and exceptions
  'plans.edit',
  'sizing.propose', // sizing proposals: computed and kept, never applied (a planner opens one as a draft)
  'plans.publish',
  'households.read', // household lists without personal fields
  'households.personal', // head of household's name and phone number
  'households.write', // import households and facilities
  'events.read',
  'events.report',
  'events.handle', // transitions: accept, dispatch, resolve, escalate …
  'staff.write',
  'users.manage',
  'audit.read',
  'patrols.record', // start, walk and stop one's own patrols (巡查) and log visits (走访)
  'patrols.read', // others' patrol tracks (personal data): where they walked, when
  'patrols.stats', // visit coverage figures only: units visited / all units
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everything = [...PERMISSIONS];
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: everything,
  planner: ['areas.read', 'areas.write', 'plans.edit', 'plans.publish', 'sizing.propose', 'households.read', 'households.write', 'events.read', 'staff.write'],
  dispatcher: ['areas.read', 'households.read', 'households.personal', 'events.read', 'events.report', 'events.handle', 'patrols.record', 'patrols.read', 'patrols.stats'],
  // A grid worker sees their own tracks only (the owner rule in the patrol routes), not a colleague's.
  grid_worker: ['areas.read', 'households.read', 'households.personal', 'households.write', 'events.read', 'events.report', 'events.handle', 'patrols.record', 'patrols.stats'],
  analyst: ['areas.read', 'events.read', 'sizing.propose', 'patrols.stats'],
  viewer: ['areas.read'],
};
