/**
 * Turns a file of real incidents (San Francisco's SFPD incidents: one point a row, a `Date` with
 * no time of day) into a timeline of reports and transitions that a replay posts as a live feed.
 */

export interface Incident {
  lon: number;
  lat: number;
  IncidntNum: number | string;
  Category: string;
  Descript?: string;
  Date: string;
  PdDistrict?: string;
  Resolution?: string;
  Location?: string;
}

export interface ReplayItem {
  /** Simulated time, ms since the epoch. */
  at: number;
  /** The event's idempotency key: re-running a replay posts nothing twice. */
  id: string;
  kind: 'report' | 'transition';
  body: Record<string, unknown>;
}

/** SFPD categories as event categories and severities. */
const CATEGORY: Record<string, { category: string; severity: string }> = {
  ROBBERY: { category: 'public_order', severity: 'high' },
  'DRUG/NARCOTIC': { category: 'public_order', severity: 'medium' },
  'VEHICLE THEFT': { category: 'public_order', severity: 'medium' },
  VANDALISM: { category: 'public_facility', severity: 'low' },
};

const MIN = 60_000;

/**
 * The replay's timeline: incidents ordered by Date then IncidntNum, each day's spread evenly over
 * the day (the file has no times), mapped by `mapPoint` (null drops one). With `lifecycle`, each
 * report is followed by accept (+10 min) and dispatch (+20 min) and start (+30 min), and one the
 * police resolved (Resolution other than NONE) by resolve, verify and close over the next hours.
 *
 * @example
 * planIncidentReplay([{ lon: -122.4, lat: 37.7, IncidntNum: 1, Category: 'ROBBERY', Date: '2012-07-01' }], { mapPoint: (x, y) => [x, y] })
 * // [{ at: Date.parse('2012-07-01T12:00:00Z'), id: 'sf-1-1', kind: 'report', body: { category: 'public_order', … } }]
 */
export function planIncidentReplay(
  incidents: readonly Incident[],
  opts: { mapPoint: (lon: number, lat: number) => [number, number] | null; lifecycle?: boolean; source?: string; by?: string },
): ReplayItem[] {
  const ordered = incidents
    .map((inc, i) => ({ inc, i }))
    .sort((a, b) => a.inc.Date.localeCompare(b.inc.Date) || Number(a.inc.IncidntNum) - Number(b.inc.IncidntNum) || a.i - b.i)
    .map((x) => x.inc);
  const perDay = new Map<string, number>();
  for (const inc of ordered) perDay.set(inc.Date, (perDay.get(inc.Date) ?? 0) + 1);
  const seenInDay = new Map<string, number>();
  const occurrences = new Map<string, number>();
  const items: ReplayItem[] = [];
  for (const inc of ordered) {
    const k = seenInDay.get(inc.Date) ?? 0;
    seenInDay.set(inc.Date, k + 1);
    const at = Date.parse(`${inc.Date}T00:00:00Z`) + ((k + 0.5) / perDay.get(inc.Date)!) * 86_400_000;
    // One incident number can have several rows (one per offence): number them.
    const n = (occurrences.get(String(inc.IncidntNum)) ?? 0) + 1;
    occurrences.set(String(inc.IncidntNum), n);
    const point = opts.mapPoint(inc.lon, inc.lat);
    if (!point || !Number.isFinite(at)) continue;
    const id = `sf-${inc.IncidntNum}-${n}`;
    const kind = CATEGORY[inc.Category] ?? { category: 'other', severity: 'medium' };
    items.push({
      at, id, kind: 'report',
      body: {
        id, category: kind.category, severity: kind.severity,
        description: `${inc.Descript ?? inc.Category} (SFPD ${inc.IncidntNum}, ${inc.Date}${inc.PdDistrict ? `, ${inc.PdDistrict}` : ''})`,
        location: { lon: point[0], lat: point[1] },
        source: opts.source ?? 'patrol',
        reporter: `SFPD ${inc.PdDistrict ?? ''}`.trim(),
        address: inc.Location ?? null,
      },
    });
    if (!opts.lifecycle) continue;
    const by = opts.by ?? 'replay';
    const steps: [number, Record<string, unknown>][] = [
      [10, { action: 'accept' }],
      [20, { action: 'dispatch', assignee: `${inc.PdDistrict ?? 'patrol'} team` }],
      [30, { action: 'start' }],
    ];
    if (inc.Resolution && inc.Resolution !== 'NONE') {
      steps.push([180, { action: 'resolve', note: inc.Resolution }], [210, { action: 'verify' }], [240, { action: 'close' }]);
    }
    for (const [minutes, step] of steps) items.push({ at: at + minutes * MIN, id, kind: 'transition', body: { ...step, by } });
  }
  return items.sort((a, b) => a.at - b.at);
}

/**
 * A linear map of one lon/lat box onto another: each axis scaled independently, so the source's
 * extent fills the target's. Points outside the source box map outside the target and are kept:
 * the server refuses those that fall in no grid.
 *
 * @example
 * mapExtent([0, 0, 10, 10], [100, 20, 101, 21])(5, 5) // [100.5, 20.5]
 */
export function mapExtent(from: [number, number, number, number], to: [number, number, number, number]): (lon: number, lat: number) => [number, number] {
  const [fw, fs, fe, fn] = from;
  const [tw, ts, te, tn] = to;
  return (lon, lat) => [tw + ((lon - fw) / (fe - fw)) * (te - tw), ts + ((lat - fs) / (fn - fs)) * (tn - ts)];
}
