import { describe, expect, it } from 'vitest';
import { applyFeedMessage, filterQuery, isOverdue, matchesFilter, OPEN_STATUSES, type EventFilter, type FeedMessage, type LiveEvent } from '../../web/events/event_model.ts';
import { eventClock, formatDuration } from '../../web/events/event_clock.ts';
import { sortEvents } from '../../web/events/event_sort.ts';
import { binsToWeights, heatSource, HEAT_POINT_LIMIT, windowFrom } from '../../web/events/heat_window.ts';
import { PULSE_MS, pulseAt, statusColour } from '../../web/events/event_style.ts';
import { busiestGroups, nonZeroDesc, percent, statsGroupFor, type GroupStats } from '../../web/events/dashboard_model.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function createEvent(over: Partial<LiveEvent> = {}): LiveEvent {
  return {
    id: 'e1', category: 'environment', severity: 'medium', status: 'reported', level: 'grid', assignee: null,
    due_at: iso(NOW + 4 * H), reported_at: iso(NOW - 2 * H), lon: 120.08, lat: 29.3, grid_code: 'T01G01', grid_name: '第1网格',
    description: '河道垃圾', source: 'patrol', ...over,
  };
}
function createMessage(type: FeedMessage['type'], over: Partial<FeedMessage['event']> = {}): FeedMessage {
  const { arrived_at: _a, ...e } = createEvent();
  return {
    seq: 7, type, action: type === 'created' ? 'report' : 'accept', at: iso(NOW), by: 'tester', note: null, from_status: null, from_level: null,
    event: { ...e, grid_name: e.grid_name ?? null, region: 'T', area_path: 'T/T01/T01G01/T01G01U1', ...over },
  };
}
const openFilter = (over: Partial<EventFilter> = {}): EventFilter => ({ area: 'T01', statuses: [...OPEN_STATUSES], categories: [], levels: [], ...over });

describe('isOverdue and eventClock', () => {
  const cases = [
    { name: 'a dispatched event past its deadline', e: { status: 'dispatched', due_at: iso(NOW - H) }, overdue: true, dueIn: -H },
    { name: 'a reported event with time left', e: { status: 'reported', due_at: iso(NOW + 3 * H) }, overdue: false, dueIn: 3 * H },
    { name: 'a suspended event past its deadline (the clock is paused)', e: { status: 'suspended', due_at: iso(NOW - H) }, overdue: false, dueIn: null },
    { name: 'a resolved event past its deadline (the clock has stopped)', e: { status: 'resolved', due_at: iso(NOW - H) }, overdue: false, dueIn: null },
    { name: 'an event with no deadline rule', e: { status: 'accepted', due_at: null }, overdue: false, dueIn: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = createEvent(c.e);
      expect(isOverdue(e, NOW)).toBe(c.overdue);
      expect(eventClock(e, NOW)).toEqual({ sinceMs: 2 * H, dueInMs: c.dueIn, overdue: c.overdue });
    });
  }
});

describe('formatDuration', () => {
  const cases = [
    { ms: 45 * 60_000, zh: '45分', en: '45 min' },
    { ms: 3 * H + 12 * 60_000, zh: '3小时12分', en: '3h 12min' },
    { ms: 5 * H, zh: '5小时', en: '5h' },
    { ms: 27 * H, zh: '1天3小时', en: '1d 3h' },
    { ms: -27 * H, zh: '1天3小时', en: '1d 3h' },
    { ms: 48 * H + 59 * 60_000, zh: '2天', en: '2d' },
  ];
  for (const c of cases) it(`${c.ms} ms`, () => expect([formatDuration(c.ms, 'zh-CN'), formatDuration(c.ms, 'en')]).toEqual([c.zh, c.en]));
});

describe('matchesFilter and filterQuery', () => {
  const e = { status: 'reported', category: 'dispute', level: 'grid', area_path: 'T/T01/T01G01' };
  const cases = [
    { name: 'in the area, open', f: openFilter(), expected: true },
    { name: 'the area is matched by path segment, not by prefix', f: openFilter({ area: 'T0' }), expected: false },
    { name: 'another area', f: openFilter({ area: 'T02' }), expected: false },
    { name: 'a status not ticked', f: openFilter({ statuses: ['closed'] }), expected: false },
    { name: 'its category ticked', f: openFilter({ categories: ['dispute', 'other'] }), expected: true },
    { name: 'another category ticked', f: openFilter({ categories: ['other'] }), expected: false },
    { name: 'another level ticked', f: openFilter({ levels: ['town'] }), expected: false },
  ];
  for (const c of cases) it(c.name, () => expect(matchesFilter(e, c.f)).toBe(c.expected));

  it('builds the query string of /api/events and /api/events/heat', () => {
    const q = new URLSearchParams(filterQuery(openFilter({ statuses: ['reported', 'accepted'], categories: ['dispute'] }), { limit: 5000, from: undefined }));
    expect(Object.fromEntries(q)).toEqual({ area: 'T01', status: 'reported,accepted', category: 'dispute', limit: '5000' });
  });
});

describe('applyFeedMessage', () => {
  it('adds a new event in the area, marked as just arrived', () => {
    const events = new Map<string, LiveEvent>();
    expect(applyFeedMessage(events, createMessage('created'), openFilter(), NOW)).toBe('added');
    expect(events.get('e1')).toMatchObject({ id: 'e1', status: 'reported', arrived_at: NOW });
    expect(events.get('e1')).not.toHaveProperty('area_path');
  });
  it('updates an event it holds and keeps its arrival time', () => {
    const events = new Map([['e1', createEvent({ arrived_at: NOW - 500 })]]);
    expect(applyFeedMessage(events, createMessage('transition', { status: 'accepted', assignee: '李娜' }), openFilter(), NOW)).toBe('updated');
    expect(events.get('e1')).toMatchObject({ status: 'accepted', assignee: '李娜', arrived_at: NOW - 500 });
  });
  it('drops an event that no longer passes the filter (closed) and ignores others', () => {
    const events = new Map([['e1', createEvent()]]);
    expect(applyFeedMessage(events, createMessage('transition', { status: 'closed' }), openFilter(), NOW)).toBe('removed');
    expect(events.size).toBe(0);
    expect(applyFeedMessage(events, createMessage('created'), openFilter({ area: 'T02' }), NOW)).toBe('ignored');
    expect(events.size).toBe(0);
  });
  it('a transition of an event it did not hold (now matching) is added without a pulse', () => {
    const events = new Map<string, LiveEvent>();
    expect(applyFeedMessage(events, createMessage('transition'), openFilter(), NOW)).toBe('added');
    expect(events.get('e1')?.arrived_at).toBeUndefined();
  });
});

describe('sortEvents', () => {
  const a = createEvent({ id: 'a', due_at: iso(NOW + 5 * H), reported_at: iso(NOW - 1 * H), status: 'accepted', category: 'dispute' });
  const b = createEvent({ id: 'b', due_at: iso(NOW - 2 * H), reported_at: iso(NOW - 9 * H), status: 'reported', category: 'other' });
  const c = createEvent({ id: 'c', due_at: null, reported_at: iso(NOW - 3 * H), status: 'resolved', category: 'environment' });
  const ids = (xs: LiveEvent[]) => xs.map((x) => x.id);
  const cases = [
    { key: 'due', descending: false, expected: ['b', 'a', 'c'] },
    { key: 'due', descending: true, expected: ['a', 'b', 'c'] },
    { key: 'reported', descending: false, expected: ['b', 'c', 'a'] },
    { key: 'reported', descending: true, expected: ['a', 'c', 'b'] },
    { key: 'status', descending: false, expected: ['b', 'a', 'c'] },
    { key: 'category', descending: false, expected: ['a', 'c', 'b'] },
  ] as const;
  for (const t of cases) it(`${t.key} ${t.descending ? 'descending' : 'ascending'}`, () => expect(ids(sortEvents([a, b, c], t, NOW))).toEqual(t.expected));
});

describe('heat windows', () => {
  it('starts each window that far back', () => {
    expect(windowFrom('24h', NOW)).toBe(iso(NOW - 24 * H));
    expect(windowFrom('1y', NOW)).toBe(iso(NOW - 365 * 24 * H));
  });
  const cases = [
    { w: '24h', n: null, expected: 'points' },
    { w: '7d', n: HEAT_POINT_LIMIT, expected: 'points' },
    { w: '7d', n: HEAT_POINT_LIMIT + 1, expected: 'bins' },
    { w: '30d', n: 3, expected: 'bins' },
    { w: '1y', n: null, expected: 'bins' },
  ] as const;
  for (const c of cases) it(`${c.w} with ${c.n} events → ${c.expected}`, () => expect(heatSource(c.w, c.n)).toBe(c.expected));
  it('weights server bins by their counts and leaves empty ones out', () => {
    expect(binsToWeights([{ lon: 120, lat: 29, count: 3 }, { lon: 121, lat: 29, count: 0 }])).toEqual([{ position: [120, 29], weight: 3 }]);
  });
});

describe('pulse and colours', () => {
  it('grows and fades, then stops', () => {
    expect(pulseAt(0)).toEqual({ radiusPx: 8, alpha: 230 });
    const mid = pulseAt(PULSE_MS / 4)!;
    expect(mid.radiusPx).toBeGreaterThan(8);
    expect(mid.alpha).toBeLessThan(230);
    expect(pulseAt(PULSE_MS)).toBeNull();
    expect(pulseAt(-1)).toBeNull();
  });
  it('gives every status its own colour', () => {
    const colours = OPEN_STATUSES.map((s) => statusColour(s).join());
    expect(new Set(colours).size).toBe(OPEN_STATUSES.length);
  });
});

describe('dashboard model', () => {
  const group = (code: string, over: Partial<GroupStats>): GroupStats => ({
    code, name: code, total: 0, open: 0, closed: 0, closed_same_day: 0, share_closed_same_day: null, median_hours_to_close: null,
    overdue: 0, overdue_by_level: {}, by_category: {}, by_status: {}, ...over,
  });
  it('lists the busiest groups, most overdue first, leaving quiet ones out', () => {
    const gs = [group('a', { total: 5, open: 4, overdue: 1 }), group('b', { total: 9, open: 9, overdue: 3 }), group('c', {}), group('d', { total: 2, open: 2 })];
    expect(busiestGroups(gs).map((g) => g.code)).toEqual(['b', 'a', 'd']);
  });
  it('formats shares and sorts counts', () => {
    expect(percent(0.456)).toBe('46%');
    expect(percent(null)).toBe('—');
    expect(nonZeroDesc({ a: 1, b: 0, c: 3 })).toEqual([['c', 3], ['a', 1]]);
    expect([statsGroupFor('town'), statsGroupFor('community')]).toEqual(['community', 'grid']);
  });
});
