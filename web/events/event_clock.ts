import { isOverdue, type LiveEvent } from './event_model.ts';

/** An event's clocks: how long since it was reported, and how long to (or past) its deadline. */
export interface EventClock {
  sinceMs: number;
  /** Positive: time left; negative: time past the deadline; null: no deadline or the clock is stopped. */
  dueInMs: number | null;
  overdue: boolean;
}

/**
 * The clocks of `e` at `nowMs`. The deadline only counts while the clock runs (not suspended,
 * resolved or closed), as on the server.
 * Example: eventClock({ reported_at: '…08:00Z', due_at: '…16:00Z', status: 'accepted' }, 10:00) → { sinceMs: 2 h, dueInMs: 6 h, overdue: false }.
 */
export function eventClock(e: Pick<LiveEvent, 'reported_at' | 'due_at' | 'status'>, nowMs: number): EventClock {
  const running = e.due_at !== null && ['reported', 'accepted', 'dispatched', 'in_progress'].includes(e.status);
  return {
    sinceMs: nowMs - Date.parse(e.reported_at),
    dueInMs: running ? Date.parse(e.due_at!) - nowMs : null,
    overdue: isOverdue(e, nowMs),
  };
}

const UNITS = {
  'zh-CN': { d: '天', h: '小时', m: '分' },
  en: { d: 'd', h: 'h', m: 'min' },
} as const;

/**
 * A duration for a clock, to the two largest units: 2 days 3 hours, 3 h 12 min, 45 min.
 * Example: formatDuration(27 * 3600e3, 'en') → '1d 3h'; formatDuration(27 * 3600e3, 'zh-CN') → '1天3小时'.
 */
export function formatDuration(ms: number, lang: 'zh-CN' | 'en'): string {
  const u = UNITS[lang];
  const sep = lang === 'en' ? ' ' : '';
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h ? `${d}${u.d}${sep}${h}${u.h}` : `${d}${u.d}`;
  if (h > 0) return m ? `${h}${u.h}${sep}${m}${u.m}` : `${h}${u.h}`;
  return `${m}${lang === 'en' ? ' ' : ''}${u.m}`;
}
