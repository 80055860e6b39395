import { describe, expect, it } from 'vitest';
import { can, scopeCodes, type Principal } from '../../server/domain/access/can.ts';
import { PERMISSIONS, ROLES, ROLE_PERMISSIONS, type Role } from '../../server/domain/access/permissions.ts';

const as = (role: Role, areaCode: string | null, canPublish = false): Principal => ({ userId: 1, username: role, grants: [{ role, areaCode, canPublish }] });
const inGrid = ['T', 'T01', 'T0101'];
const unitInGrid = ['T', 'T01', 'T0101', 'T0101001'];
const nextGrid = ['T', 'T01', 'T0102'];
const otherCommunity = ['T', 'T02', 'T0201'];

describe('can', () => {
  const cases: { name: string; who: Principal | null; permission: (typeof PERMISSIONS)[number]; path?: string[]; expected: boolean }[] = [
    { name: 'nobody signed in can do nothing', who: null, permission: 'areas.read', path: inGrid, expected: false },
    { name: 'an administrator anywhere', who: as('admin', null), permission: 'users.manage', expected: true },
    { name: 'a grid worker sees personal details in their grid', who: as('grid_worker', 'T0101'), permission: 'households.personal', path: unitInGrid, expected: true },
    { name: '… and not in the grid next door', who: as('grid_worker', 'T0101'), permission: 'households.personal', path: nextGrid, expected: false },
    { name: 'a community dispatcher reaches every grid under it', who: as('dispatcher', 'T01'), permission: 'events.handle', path: nextGrid, expected: true },
    { name: '… and nothing beside it', who: as('dispatcher', 'T01'), permission: 'events.handle', path: otherCommunity, expected: false },
    { name: '… nor the town above it', who: as('dispatcher', 'T01'), permission: 'events.handle', path: ['T'], expected: false },
    { name: 'an analyst never sees household lists', who: as('analyst', null), permission: 'households.read', path: inGrid, expected: false },
    { name: 'a viewer reads areas', who: as('viewer', 'T'), permission: 'areas.read', path: unitInGrid, expected: true },
    { name: 'a planner edits drafts in their subtree', who: as('planner', 'T01'), permission: 'plans.edit', path: inGrid, expected: true },
    { name: 'a planner may not publish unless allowed', who: as('planner', 'T01'), permission: 'plans.publish', path: inGrid, expected: false },
    { name: 'a planner allowed to publish may', who: as('planner', 'T01', true), permission: 'plans.publish', path: inGrid, expected: true },
    { name: 'a code that merely starts like the grant is not inside it', who: as('grid_worker', 'T01'), permission: 'households.read', path: ['T', 'T010'], expected: false },
  ];
  for (const c of cases) it(c.name, () => expect(can(c.who, c.permission, c.path)).toBe(c.expected));

  it('only administrators manage users or read the audit log', () => {
    for (const role of ROLES) {
      expect(ROLE_PERMISSIONS[role].includes('users.manage')).toBe(role === 'admin');
      expect(ROLE_PERMISSIONS[role].includes('audit.read')).toBe(role === 'admin');
    }
  });
});

describe('scopeCodes', () => {
  it('lists the roots a principal reaches, null for everywhere, [] for nowhere', () => {
    const two: Principal = { userId: 1, username: 'w', grants: [{ role: 'grid_worker', areaCode: 'T0101', canPublish: false }, { role: 'viewer', areaCode: 'T', canPublish: false }] };
    expect(scopeCodes(two, 'households.read')).toEqual(['T0101']);
    expect(scopeCodes(two, 'areas.read')).toEqual(['T0101', 'T']);
    expect(scopeCodes(as('admin', null), 'households.read')).toBeNull();
    expect(scopeCodes(as('analyst', 'T'), 'households.read')).toEqual([]);
    expect(scopeCodes(null, 'areas.read')).toEqual([]);
  });
});
