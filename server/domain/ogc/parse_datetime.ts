/**
 * OGC API – Features `datetime`: an instant or an interval, either end open (`..` or empty), as
 * RFC 3339 date-times or full dates. A date as an instant means that whole day (UTC). Returns the
 * interval as ISO strings (null for an open end, `end` exclusive when `endExclusive`), or a
 * problem naming what is wrong.
 *
 *   parseDatetime('2026-01-01T08:00:00Z')        // → { start: '2026-01-01T08:00:00.000Z', end: same, endExclusive: false }
 *   parseDatetime('2000-01-01/2000-01-02')       // → { start: '2000-01-01T00:00:00.000Z', end: '2000-01-03T00:00:00.000Z', endExclusive: true }
 *   parseDatetime('../2026-01-01T00:00:00Z')     // → { start: null, end: '2026-01-01T00:00:00.000Z', endExclusive: false }
 *   parseDatetime('garbage')                     // → { problem: … }
 */
export type DatetimeFilter = { start: string | null; end: string | null; endExclusive: boolean };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseDatetime(text: string): DatetimeFilter | { problem: string } {
  const parts = text.split('/');
  if (parts.length > 2) return { problem: 'expected an instant or one interval start/end, with ".." for an open end' };
  if (parts.length === 1) {
    const one = moment(parts[0]);
    if (one === null || 'problem' in one) return one ?? { problem: 'an instant cannot be open ("..")' };
    return one.date ? { start: one.iso, end: nextDay(one.iso), endExclusive: true } : { start: one.iso, end: one.iso, endExclusive: false };
  }
  const [a, b] = parts.map(moment);
  if (a !== null && 'problem' in a) return a;
  if (b !== null && 'problem' in b) return b;
  if (a === null && b === null) return { problem: 'an interval needs at least one end' };
  const end = b === null ? null : b.date ? nextDay(b.iso) : b.iso;
  if (a && b && Date.parse(a.iso) > Date.parse(b.iso)) return { problem: 'the interval ends before it starts' };
  return { start: a?.iso ?? null, end, endExclusive: b?.date ?? false };
}

function moment(s: string): { iso: string; date: boolean } | { problem: string } | null {
  if (s === '..' || s === '') return null;
  const date = DATE.test(s);
  if (!date && !DATE_TIME.test(s)) return { problem: `"${s.slice(0, 40)}" is not an RFC 3339 date-time (2026-01-31T08:00:00Z) or date (2026-01-31)` };
  const ms = Date.parse(date ? `${s}T00:00:00Z` : s.replace(' ', 'T'));
  if (Number.isNaN(ms)) return { problem: `"${s}" is not a real date` };
  const iso = new Date(ms).toISOString();
  // 2026-02-30 parses as March 2nd in some engines: the day must survive the round trip.
  if (date && iso.slice(0, 10) !== s) return { problem: `"${s}" is not a real date` };
  return { iso, date };
}

const nextDay = (iso: string) => new Date(Date.parse(iso) + 86_400_000).toISOString();
