import { describe, expect, it } from 'vitest';
import { auditDiff, diffValue } from '../../web/admin/audit_diff.ts';
import { auditQuery, localTime, NO_FILTERS } from '../../web/admin/audit_query.ts';
import { formProblems } from '../../web/admin/form_problems.ts';
import { areaText, grantText } from '../../web/admin/grant_text.ts';
import { filterUsers } from '../../web/admin/user_table.ts';
import { KNOWN_ACTIONS, mValue } from '../../web/admin/messages.ts';
import { entryChanges } from '../../web/admin/audit_table.ts';
import type { UserRow } from '../../server/db/queries/select_users.ts';

function createUserRow(username: string, grants: Partial<UserRow['grants'][number]>[] = [], disabled = false): UserRow {
  return {
    id: 1, username, display_name: `名${username}`, disabled, created_at: '2026-11-22T08:00:00Z',
    grants: grants.map((g, i) => ({ id: i + 1, role: 'viewer', area_code: null, area_name: null, can_publish: false, ...g })),
  };
}

describe('auditDiff: the changed fields of an audit entry', () => {
  const cases: { name: string; before: unknown; after: unknown; expected: unknown[] }[] = [
    {
      name: 'a user disabled: one changed field, the unchanged left out',
      before: { username: 'wang', display_name: '王伟', disabled: false, grants: [{ id: 1, role: 'grid_worker' }] },
      after: { username: 'wang', display_name: '王伟', disabled: true, grants: [{ id: 1, role: 'grid_worker' }] },
      expected: [{ path: 'disabled', kind: 'changed', before: false, after: true }],
    },
    {
      name: 'a key only after (password_changed), a nested change by index',
      before: { grants: [{ id: 1, role: 'viewer' }], display_name: 'a' },
      after: { grants: [{ id: 1, role: 'analyst' }], display_name: 'a', password_changed: true },
      expected: [
        { path: 'grants[0].role', kind: 'changed', before: 'viewer', after: 'analyst' },
        { path: 'password_changed', kind: 'added', after: true },
      ],
    },
    {
      name: 'a creation: every field of after added, nested ones by path',
      before: null,
      after: { username: 'li', grants: [{ role: 'admin', area_code: null }] },
      expected: [
        { path: 'username', kind: 'added', after: 'li' },
        { path: 'grants[0].role', kind: 'added', after: 'admin' },
      ],
    },
    {
      name: 'a revocation: every field of before removed',
      before: { role: 'planner', area_code: 'T01' },
      after: null,
      expected: [
        { path: 'role', kind: 'removed', before: 'planner' },
        { path: 'area_code', kind: 'removed', before: 'T01' },
      ],
    },
    {
      name: 'a grown array: the new member added',
      before: { grants: [{ id: 1 }] },
      after: { grants: [{ id: 1 }, { id: 2 }] },
      expected: [{ path: 'grants[1].id', kind: 'added', after: 2 }],
    },
    {
      name: 'a geometry and a list of codes are one value each',
      before: { geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, codes: ['a', 'b'] },
      after: { geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 0]]] }, codes: ['a', 'c'] },
      expected: [
        { path: 'geometry', kind: 'changed', before: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, after: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 0]]] } },
        { path: 'codes', kind: 'changed', before: ['a', 'b'], after: ['a', 'c'] },
      ],
    },
    {
      name: 'a value that changes type is one change',
      before: { moved: 3 },
      after: { moved: { households: 3 } },
      expected: [{ path: 'moved', kind: 'changed', before: 3, after: { households: 3 } }],
    },
    {
      name: 'a first member of an empty array: its fields added',
      before: { grants: [] },
      after: { grants: [{ id: 2, role: 'viewer' }] },
      expected: [
        { path: 'grants[0].id', kind: 'added', after: 2 },
        { path: 'grants[0].role', kind: 'added', after: 'viewer' },
      ],
    },
    { name: 'plain values at the top', before: 'a', after: 'b', expected: [{ path: '', kind: 'changed', before: 'a', after: 'b' }] },
    { name: 'nothing changed', before: { a: [1, 2], b: { c: 1 } }, after: { b: { c: 1 }, a: [1, 2] }, expected: [] },
    { name: 'neither side', before: null, after: null, expected: [] },
    { name: 'an emptied object removed', before: { attrs: {} }, after: {}, expected: [{ path: 'attrs', kind: 'removed', before: {} }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(auditDiff(c.before, c.after)).toEqual({ rows: c.expected, omitted: 0 });
    });
  }

  it('stops at the limit and counts the rest', () => {
    const after = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const { rows, omitted } = auditDiff(null, after, 10);
    expect(rows.map((r) => r.path)).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`));
    expect(omitted).toBe(20);
  });
});

describe('entryChanges: what the audit table shows of an entry', () => {
  const user = { username: 'wang', disabled: false, grants: [] };
  it('leaves out a user change\'s password_changed and signed_out when false, keeps them when true', () => {
    expect(entryChanges({ before: user, after: { ...user, disabled: true, password_changed: false, signed_out: false } }).rows).toEqual([{ path: 'disabled', kind: 'changed', before: false, after: true }]);
    expect(entryChanges({ before: user, after: { ...user, password_changed: true, signed_out: true } }).rows).toEqual([
      { path: 'password_changed', kind: 'added', after: true },
      { path: 'signed_out', kind: 'added', after: true },
    ]);
  });
});

describe('diffValue: one short line per value', () => {
  const cases = [
    { name: 'text as is', input: '王伟', expected: '王伟' },
    { name: 'a number as JSON', input: 3, expected: '3' },
    { name: 'absent is empty', input: undefined, expected: '' },
    { name: 'a polygon by its points', input: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, expected: 'Polygon (4 points)' },
    { name: 'a multipolygon counts every ring', input: { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [0, 0]]], [[[5, 5], [6, 5], [5, 5]]]] }, expected: 'MultiPolygon (6 points)' },
    { name: 'an object as JSON', input: { a: 1 }, expected: '{"a":1}' },
  ];
  for (const c of cases) it(c.name, () => expect(diffValue(c.input)).toBe(c.expected));
  it('cuts long values with an ellipsis', () => {
    const text = diffValue('x'.repeat(500), 20);
    expect(text).toHaveLength(20);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('auditQuery and localTime: local days and times', () => {
  const tz = process.env.TZ;
  it('turns local days into instants, the end day included, in Asia/Shanghai', () => {
    process.env.TZ = 'Asia/Shanghai';
    try {
      const q = new URLSearchParams(auditQuery({ ...NO_FILTERS, who: ' admin ', what: 'user.grant', from: '2026-11-22', to: '2026-11-22' }, 50, 1234));
      expect(Object.fromEntries(q)).toEqual({ who: 'admin', what: 'user.grant', from: '2026-11-21T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z', limit: '50', before: '1234' });
      expect(localTime('2026-11-22T08:39:52Z')).toBe('2026-11-22 16:39:52');
      process.env.TZ = 'UTC';
      expect(localTime('2026-11-22T08:39:52Z')).toBe('2026-11-22 08:39:52');
    } finally {
      process.env.TZ = tz;
    }
  });
  it('leaves out empty filters and malformed days', () => {
    expect(auditQuery({ ...NO_FILTERS, entity: '  ', from: '22/11/2026' }, 10)).toBe('limit=10');
    expect(localTime('not a time')).toBe('not a time');
  });
});

describe('formProblems: a refusal shown beside the field it names', () => {
  const fields = ['username', 'password', 'display_name', 'role', 'area_code'];
  it('puts a 400 problems[] on the fields, a grant field by its own name', () => {
    const p = formProblems(
      { status: 400, body: { message: 'Invalid body', problems: [{ field: 'password', problem: 'Too small: expected string to have >=8 characters' }, { field: 'grants.0.area_code', problem: 'Invalid input' }, { field: 'body', problem: 'Unrecognized key: "x"' }] } },
      { fields },
    );
    expect(p.byField).toEqual({ password: 'Too small: expected string to have >=8 characters', area_code: 'Invalid input' });
    expect(p.general).toEqual(['Unrecognized key: "x"']);
  });
  it('a 409 is the user name taken, a 404 the area, a 403 above the form', () => {
    expect(formProblems({ status: 409, body: { message: 'A user named "x" exists already.' } }, { fields, conflictField: 'username' }).byField.username).toMatch(/该用户名已存在.*exists already/);
    expect(formProblems({ status: 404, body: { message: 'No area has code "Q".' } }, { fields, notFoundField: 'area_code' }).byField).toEqual({ area_code: 'No area has code "Q".' });
    const forbidden = formProblems({ status: 403, body: { message: 'Needs users.manage' } }, { fields });
    expect(forbidden).toEqual({ byField: {}, general: ['无权执行此操作（Needs users.manage）'] });
  });
  it('says a password refusal in the page\'s own words by the server\'s reason, other problems as sent', () => {
    const p = formProblems({ status: 400, body: { problems: [{ field: 'password', problem: '密码至少… / a password needs…', reason: 'password.short' }, { field: 'username', problem: 'x', reason: 'unknown.thing' }] } }, { fields });
    expect(p.byField).toEqual({ password: '密码至少需要 8 个字符（首尾空格不计）', username: 'x' });
  });
  it('a field the form lacks is said above it, named', () => {
    expect(formProblems({ status: 400, body: { problems: [{ field: 'grants', problem: 'Too big' }] } }, { fields: ['role'] }).general).toEqual(['grants: Too big']);
  });
});

describe('grants and users as people read them', () => {
  it('names the area and its code, everywhere for none, the role in Chinese', () => {
    expect(areaText('330782101', '青溪镇')).toBe('青溪镇 · 330782101');
    expect(areaText('GONE', null)).toBe('GONE');
    expect(grantText({ role: 'grid_worker', area_code: '330782101001', area_name: '一网格', can_publish: false })).toBe('网格员 @ 一网格 · 330782101001');
    expect(grantText({ role: 'admin', area_code: null, area_name: null, can_publish: false })).toBe('管理员 @ 全域');
    expect(grantText({ role: 'planner', area_code: 'T', area_name: '镇', can_publish: true })).toBe('规划员 @ 镇 · T (可发布)');
    expect(mValue('role', 'nobody')).toBe('nobody');
    expect(mValue('act', 'user.revoke')).toBe('撤销角色');
    expect(KNOWN_ACTIONS).toContain('user.create');
  });
  it('filters users by user name, name, role or area', () => {
    const users = [
      createUserRow('wang', [{ role: 'grid_worker', area_code: 'T0101', area_name: '青溪一网格' }]),
      createUserRow('li', [{ role: 'admin' }]),
      createUserRow('zhao', [], true),
    ];
    const names = (q: string) => filterUsers(users, q).map((u) => u.username);
    expect(names('')).toEqual(['wang', 'li', 'zhao']);
    expect(names('青溪')).toEqual(['wang']);
    expect(names('t0101')).toEqual(['wang']);
    expect(names('管理员')).toEqual(['li']);
    expect(names('名ZHAO')).toEqual(['zhao']);
    expect(names('nobody')).toEqual([]);
  });
});
