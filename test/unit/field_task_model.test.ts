import { describe, expect, it } from 'vitest';
import { clockOf, fieldActions, sortTasks, type Task } from '../../web/field/task_model.ts';

const now = Date.parse('2026-03-01T08:00:00Z');
const task = (over: Partial<Task>): Task => ({
  id: 'e', category: 'dispute', severity: 'medium', status: 'accepted', level: 'grid', assignee: null, due_at: null,
  reported_at: '2026-03-01T07:00:00Z', lon: 120, lat: 29, grid_code: 'G', description: '', source: 'web', address: null, photo_ref: null,
  allowed_actions: [], ...over,
});

describe('fieldActions', () => {
  it.each([
    { name: 'a new report: accept, escalate', allowed: ['accept', 'escalate', 'cancel'], assignee: null, expected: ['accept', 'escalate'] },
    { name: 'accepted, nobody on it: take it', allowed: ['dispatch', 'suspend', 'escalate', 'send_down', 'cancel'], assignee: null, expected: ['take', 'escalate'] },
    { name: 'dispatched to me: start (no take)', allowed: ['dispatch', 'start', 'suspend', 'escalate'], assignee: 'li', expected: ['start', 'escalate'] },
    { name: 'dispatched to someone else: take it over', allowed: ['dispatch', 'start', 'escalate'], assignee: 'wang', expected: ['take', 'start', 'escalate'] },
    { name: 'in progress: resolve', allowed: ['resolve', 'suspend', 'escalate'], assignee: 'li', expected: ['resolve', 'escalate'] },
    { name: 'resolved: return only (verify is the desk’s)', allowed: ['verify', 'return'], assignee: 'li', expected: ['return'] },
  ])('$name', ({ allowed, assignee, expected }) => expect(fieldActions({ allowed_actions: allowed, assignee }, 'li')).toEqual(expected));
});

describe('sortTasks and clockOf', () => {
  it('puts the user’s own tasks first, each group most urgent first, no clock last', () => {
    const tasks = [
      task({ id: 'other-late', due_at: '2026-03-01T07:00:00Z' }),
      task({ id: 'mine-later', assignee: 'li', status: 'dispatched', due_at: '2026-03-01T12:00:00Z' }),
      task({ id: 'mine-soon', assignee: 'li', status: 'dispatched', due_at: '2026-03-01T09:00:00Z' }),
      task({ id: 'other-none', status: 'resolved', due_at: '2026-03-01T07:00:00Z' }),
    ];
    expect(sortTasks(tasks, 'li', now).map((t) => t.id)).toEqual(['mine-soon', 'mine-later', 'other-late', 'other-none']);
  });

  it('says time left, time past, or nothing when the clock is stopped', () => {
    expect(clockOf(task({ due_at: '2026-03-01T10:00:00Z' }), now)).toEqual({ overdue: false, ms: 2 * 3_600_000 });
    expect(clockOf(task({ due_at: '2026-03-01T07:30:00Z' }), now)).toEqual({ overdue: true, ms: 30 * 60_000 });
    expect(clockOf(task({ status: 'resolved', due_at: '2026-03-01T07:30:00Z' }), now)).toBeNull();
  });
});
