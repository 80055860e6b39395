import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { applyEventAction } from '../../server/domain/events/apply_event_action.ts';
import { allowedEventActions } from '../../server/domain/events/allowed_event_actions.ts';
import { deadlineHours, dueAt } from '../../server/domain/events/deadline_hours.ts';
import { EVENT_ACTIONS, EVENT_LEVELS, EVENT_STATUSES, type DeadlineRule, type EventState, type EventStep } from '../../server/domain/events/event_types.ts';
import { isEventOverdue } from '../../server/domain/events/is_event_overdue.ts';
import { openEvent } from '../../server/domain/events/open_event.ts';
import { replayEventHistory } from '../../server/domain/events/replay_event_history.ts';

// The same shape as the migration's defaults, smaller.
const RULES: DeadlineRule[] = [
  { level: 'grid', category: '*', severity: '*', hours: 24 },
  { level: 'grid', category: '*', severity: 'high', hours: 8 },
  { level: 'grid', category: 'missing_person', severity: '*', hours: 1 },
  { level: 'grid', category: 'missing_person', severity: 'low', hours: 3 },
  { level: 'community', category: '*', severity: '*', hours: 72 },
  { level: 'town', category: '*', severity: '*', hours: 120 },
  { level: 'city', category: '*', severity: '*', hours: 240 },
];
const T0 = '2026-03-01T00:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();
const fresh = (over: Partial<EventState> = {}): EventState => ({
  ...openEvent({ category: 'dispute', severity: 'medium', level: 'grid', at: T0 }, RULES),
  ...over,
});
const step = (action: EventStep['action'], extra: Partial<EventStep> = {}): EventStep => ({ action, by: 'tester', at: at(1), ...extra });

describe('deadlineHours picks the most specific rule', () => {
  const cases = [
    { name: 'level default', level: 'grid', category: 'dispute', severity: 'medium', expected: 24 },
    { name: 'level + severity', level: 'grid', category: 'dispute', severity: 'high', expected: 8 },
    { name: 'level + category beats level + severity', level: 'grid', category: 'missing_person', severity: 'high', expected: 1 },
    { name: 'level + category + severity beats level + category', level: 'grid', category: 'missing_person', severity: 'low', expected: 3 },
    { name: 'another level', level: 'town', category: 'missing_person', severity: 'high', expected: 120 },
  ] as const;
  for (const c of cases) {
    it(c.name, () => expect(deadlineHours(RULES, c.level, c.category, c.severity)).toBe(c.expected));
  }
  it('no rule for a level: no deadline', () => {
    expect(dueAt(RULES.filter((r) => r.level !== 'city'), 'city', 'dispute', 'low', T0)).toBeNull();
  });
});

describe('applyEventAction: the arrows of the loop', () => {
  const cases: { name: string; from: Partial<EventState>; step: EventStep; expected: Partial<EventState> }[] = [
    { name: 'accept a report', from: {}, step: step('accept'), expected: { status: 'accepted', level: 'grid' } },
    { name: 'dispatch to a person', from: { status: 'accepted' }, step: step('dispatch', { assignee: '张伟' }), expected: { status: 'dispatched', assignee: '张伟', dueAt: at(24) } },
    { name: 're-dispatch to someone else', from: { status: 'dispatched', assignee: 'a' }, step: step('dispatch', { assignee: 'b' }), expected: { status: 'dispatched', assignee: 'b' } },
    { name: 'dispatch down a level restarts the clock there', from: { status: 'accepted', level: 'town' }, step: step('dispatch', { assignee: '社区组', to: 'community' }), expected: { status: 'dispatched', level: 'community', dueAt: at(73) } },
    { name: 'start', from: { status: 'dispatched', assignee: 'a' }, step: step('start'), expected: { status: 'in_progress' } },
    { name: 'resolve', from: { status: 'in_progress', assignee: 'a' }, step: step('resolve'), expected: { status: 'resolved' } },
    { name: 'verify', from: { status: 'resolved', assignee: 'a' }, step: step('verify'), expected: { status: 'verified' } },
    { name: 'close', from: { status: 'verified', assignee: 'a' }, step: step('close'), expected: { status: 'closed', closedAt: at(1) } },
    { name: 'return for rework keeps the deadline', from: { status: 'resolved', assignee: 'a' }, step: step('return', { note: '未清理干净' }), expected: { status: 'in_progress', assignee: 'a', dueAt: at(24) } },
    { name: 'suspend remembers the status', from: { status: 'dispatched', assignee: 'a' }, step: step('suspend'), expected: { status: 'suspended', suspendedFrom: 'dispatched', suspendedAt: at(1) } },
    { name: 'resume returns and moves the deadline by the pause', from: { status: 'suspended', suspendedFrom: 'in_progress', suspendedAt: at(0), assignee: 'a' }, step: step('resume', { at: at(5) }), expected: { status: 'in_progress', dueAt: at(29), suspendedFrom: null } },
    { name: 'escalate one level up by default', from: { status: 'dispatched', assignee: 'a' }, step: step('escalate'), expected: { status: 'accepted', level: 'community', assignee: null, dueAt: at(73) } },
    { name: 'escalate straight to the town', from: { status: 'reported' }, step: step('escalate', { to: 'town' }), expected: { status: 'accepted', level: 'town', dueAt: at(121) } },
    { name: 'send down one level', from: { status: 'accepted', level: 'city' }, step: step('send_down'), expected: { status: 'accepted', level: 'town' } },
    { name: 'cancel a report', from: {}, step: step('cancel'), expected: { status: 'cancelled', closedAt: at(1) } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = applyEventAction(fresh(c.from), c.step, RULES);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.state).toMatchObject({ ...c.expected, updatedAt: c.step.at });
    });
  }
});

describe('applyEventAction refuses what the loop does not allow', () => {
  const cases: { name: string; from: Partial<EventState>; step: EventStep; kind: 'illegal' | 'invalid'; problem: RegExp }[] = [
    { name: 'close a report', from: {}, step: step('close'), kind: 'illegal', problem: /status is "reported"; allowed now: accept, escalate, cancel/ },
    { name: 'anything once closed', from: { status: 'closed' }, step: step('return'), kind: 'illegal', problem: /nothing \(it is finished\)/ },
    { name: 'escalate above the city', from: { status: 'accepted', level: 'city' }, step: step('escalate'), kind: 'illegal', problem: /city level, the highest/ },
    { name: 'send down below the grid', from: { status: 'accepted' }, step: step('send_down'), kind: 'illegal', problem: /grid level, the lowest/ },
    { name: 'dispatch with no assignee', from: { status: 'accepted' }, step: step('dispatch'), kind: 'invalid', problem: /needs an assignee/ },
    { name: 'dispatch up a level', from: { status: 'accepted' }, step: step('dispatch', { assignee: 'x', to: 'town' }), kind: 'invalid', problem: /escalate instead/ },
    { name: 'escalate "to" a lower level', from: { status: 'accepted', level: 'town' }, step: step('escalate', { to: 'grid' }), kind: 'invalid', problem: /higher level/ },
    { name: '"to" on an action without a level', from: {}, step: step('accept', { to: 'town' }), kind: 'invalid', problem: /only for dispatch/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = fresh(c.from);
      const r = applyEventAction(before, c.step, RULES);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.kind).toBe(c.kind);
        expect(r.problem).toMatch(c.problem);
        expect(r.allowed).toEqual(allowedEventActions(before));
      }
    });
  }
});

describe('isEventOverdue', () => {
  const cases = [
    { status: 'dispatched', dueAt: at(1), now: at(2), expected: true },
    { status: 'dispatched', dueAt: at(3), now: at(2), expected: false },
    { status: 'suspended', dueAt: at(1), now: at(2), expected: false },
    { status: 'resolved', dueAt: at(1), now: at(2), expected: false },
    { status: 'reported', dueAt: null, now: at(2), expected: false },
  ] as const;
  for (const c of cases) it(`${c.status}, due ${c.dueAt}`, () => expect(isEventOverdue(c, Date.parse(c.now))).toBe(c.expected));
});

describe('seeded property: random action sequences', () => {
  const rng = seedrandom('gridwork-events-1');
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

  it('only allowed actions apply, invariants hold, and the history replays to the current state', () => {
    let applied = 0;
    const reached = new Set<string>();
    for (let run = 0; run < 400; run++) {
      const report = { category: pick(['dispute', 'missing_person', 'environment']), severity: pick(['low', 'medium', 'high'] as const), level: pick(EVENT_LEVELS), at: T0 };
      let state = openEvent(report, RULES);
      const history: EventStep[] = [];
      let clock = 0;
      for (let i = 0; i < 30; i++) {
        clock += rng() * 10;
        const allowed = allowedEventActions(state);
        if (allowed.length === 0) break;
        // Mostly allowed actions, so that walks get round the loop; the rest anything at all.
        const s: EventStep = {
          action: rng() < 0.7 ? pick(allowed) : pick(EVENT_ACTIONS),
          to: rng() < 0.3 ? pick(EVENT_LEVELS) : null,
          assignee: rng() < 0.8 ? pick(['a', 'b', '网格员王', '']) : null,
          note: rng() < 0.5 ? `note ${i}` : null,
          by: 'prop',
          at: at(clock),
        };
        const r = applyEventAction(state, s, RULES);
        if (!allowed.includes(s.action)) expect(r.ok ? 'applied' : r.kind).toBe('illegal');
        if (!r.ok) continue;
        applied++;
        history.push(s);
        const prev = state;
        state = r.state;
        reached.add(state.status);
        expect(EVENT_STATUSES).toContain(state.status);
        expect(EVENT_LEVELS).toContain(state.level);
        expect(state.closedAt !== null).toBe(state.status === 'closed' || state.status === 'cancelled');
        expect(state.suspendedFrom !== null).toBe(state.status === 'suspended');
        if (['dispatched', 'in_progress', 'resolved', 'verified'].includes(state.status)) expect(state.assignee).toBeTruthy();
        if (s.action === 'escalate') expect(EVENT_LEVELS.indexOf(state.level)).toBeGreaterThan(EVENT_LEVELS.indexOf(prev.level));
        if (s.action === 'send_down') expect(EVENT_LEVELS.indexOf(state.level)).toBeLessThan(EVENT_LEVELS.indexOf(prev.level));
      }
      expect(replayEventHistory(report, history, RULES)).toEqual(state);
    }
    // The walk must actually move events around the loop, not just bounce off refusals.
    expect(applied).toBeGreaterThan(1500);
    expect([...reached].sort()).toEqual([...EVENT_STATUSES].filter((s) => s !== 'reported').sort());
  });

  it('replay refuses a history the rules do not allow', () => {
    const report = { category: 'dispute', severity: 'medium' as const, level: 'grid' as const, at: T0 };
    expect(() => replayEventHistory(report, [step('close')], RULES)).toThrow(/step 1 \(close/);
  });
});
