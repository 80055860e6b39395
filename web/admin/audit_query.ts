/** The audit filters as the form holds them: text, and dates as `YYYY-MM-DD` in local time. */
export interface AuditFilters {
  who: string;
  what: string;
  entity: string;
  area: string;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { who: '', what: '', entity: '', area: '', from: '', to: '' };

/** Local midnight of a `YYYY-MM-DD` day, `days` later, as an ISO instant; null for no date. */
function localMidnight(day: string, days = 0): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!d) return null;
  return new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]) + days).toISOString();
}

/**
 * The query of `GET /api/audit` for these filters, one page of `limit` before entry `before`.
 * Dates are the administrator's local days, both ends included: `to` becomes the next local
 * midnight, since the server keeps entries strictly before it.
 *
 *   auditQuery({ ...NO_FILTERS, who: 'admin', from: '2026-11-22', to: '2026-11-22' }, 50)   // in Asia/Shanghai:
 *   // → 'who=admin&from=2026-11-21T16%3A00%3A00.000Z&to=2026-11-22T16%3A00%3A00.000Z&limit=50'
 */
export function auditQuery(f: AuditFilters, limit: number, before?: number): string {
  const q = new URLSearchParams();
  for (const key of ['who', 'what', 'entity', 'area'] as const) if (f[key].trim()) q.set(key, f[key].trim());
  const from = localMidnight(f.from);
  const to = localMidnight(f.to, 1);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  q.set('limit', String(limit));
  if (before !== undefined) q.set('before', String(before));
  return q.toString();
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * An instant in the browser's local time, to the second: `2026-11-22 16:39:52`.
 *
 *   localTime('2026-11-22T08:39:52Z')  // in Asia/Shanghai → '2026-11-22 16:39:52'
 */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
