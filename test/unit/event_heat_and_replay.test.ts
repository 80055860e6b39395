import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { binEventHeat, heatCellMetres, latOfY, lonOfX, mercatorX, mercatorY, MAX_HEAT_ZOOM, MIN_HEAT_CELL_PX, type HeatColumns } from '../../server/domain/events/heat_bins.ts';
import { mapExtent, planIncidentReplay, type Incident } from '../../server/domain/events/plan_incident_replay.ts';
import { eventStatsCsv, summarizeEventStats } from '../../server/domain/events/summarize_event_stats.ts';
import { eventFingerprint } from '../../server/domain/events/event_fingerprint.ts';

function columns(points: { lon: number; lat: number; t?: number; cat?: number }[]): HeatColumns {
  const n = points.length;
  const c: HeatColumns = {
    n, x: new Float64Array(n), y: new Float64Array(n), t: new Float64Array(n), category: new Uint8Array(n),
    status: new Uint8Array(n), level: new Uint8Array(n), path: new Uint32Array(n),
  };
  points.forEach((p, i) => {
    c.x[i] = mercatorX(p.lon);
    c.y[i] = mercatorY(p.lat);
    c.t[i] = p.t ?? 0;
    c.category[i] = p.cat ?? 0;
  });
  return c;
}

describe('heat bins', () => {
  it('Mercator round-trips', () => {
    for (const [lon, lat] of [[120.08, 29.3], [-122.4, 37.77], [0, 0], [179.9, -84]]) {
      expect(lonOfX(mercatorX(lon))).toBeCloseTo(lon, 9);
      expect(latOfY(mercatorY(lat))).toBeCloseTo(lat, 9);
    }
  });

  it('cell size halves with each zoom level', () => {
    expect(heatCellMetres(14, 32)).toBeCloseTo(305.75, 1);
    expect(heatCellMetres(13, 32) / heatCellMetres(14, 32)).toBeCloseTo(2, 12);
  });

  it('counts every point exactly once into the bin whose square holds it, with filters', () => {
    const rng = seedrandom('heat-1');
    const pts = Array.from({ length: 5000 }, () => ({ lon: 120 + rng() * 0.1, lat: 29.25 + rng() * 0.1, t: Math.floor(rng() * 100), cat: Math.floor(rng() * 3) }));
    const cellM = heatCellMetres(15, 32);
    const { bins, total } = binEventHeat(columns(pts), { cellM });
    expect(total).toBe(5000);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(5000);
    // Brute force: the same counts from each point's own bin.
    const expected = new Map<string, number>();
    for (const p of pts) {
      const key = `${Math.floor(mercatorX(p.lon) / cellM)},${Math.floor(mercatorY(p.lat) / cellM)}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(new Map(bins.map((b) => [`${b.ix},${b.iy}`, b.count]))).toEqual(expected);

    const filtered = binEventHeat(columns(pts), { cellM, from: 10, to: 20, category: Uint8Array.from([0, 1, 0]) });
    expect(filtered.total).toBe(pts.filter((p) => p.t >= 10 && p.t < 20 && p.cat === 1).length);
  });

  it('packs bin indices exactly at the deepest zoom and smallest cell allowed, on both sides of 0°', () => {
    const cellM = heatCellMetres(MAX_HEAT_ZOOM, MIN_HEAT_CELL_PX);
    const pts = [{ lon: 179.9999, lat: 84.9 }, { lon: -179.9999, lat: -84.9 }, { lon: 0.0000001, lat: -0.0000001 }];
    const { bins } = binEventHeat(columns(pts), { cellM });
    const got = bins.map((b) => [b.ix, b.iy]).sort();
    const want = pts.map((p) => [Math.floor(mercatorX(p.lon) / cellM), Math.floor(mercatorY(p.lat) / cellM)]).sort();
    expect(got).toEqual(want);
  });
});

describe('planIncidentReplay', () => {
  const inc = (n: number, date: string, extra: Partial<Incident> = {}): Incident => ({ lon: -122.4, lat: 37.7, IncidntNum: n, Category: 'ROBBERY', Date: date, ...extra });

  it('orders by Date then IncidntNum and spreads each day evenly over the day', () => {
    const items = planIncidentReplay([inc(30, '2012-07-02'), inc(20, '2012-07-01'), inc(10, '2012-07-01'), inc(5, '2012-07-02')], { mapPoint: (x, y) => [x, y] });
    expect(items.map((i) => i.id)).toEqual(['sf-10-1', 'sf-20-1', 'sf-5-1', 'sf-30-1']);
    expect(items.map((i) => new Date(i.at).toISOString())).toEqual([
      '2012-07-01T06:00:00.000Z', '2012-07-01T18:00:00.000Z', '2012-07-02T06:00:00.000Z', '2012-07-02T18:00:00.000Z',
    ]);
    expect(items[0].body).toMatchObject({ category: 'public_order', severity: 'high', source: 'patrol' });
  });

  it('numbers repeated incident numbers, drops unmapped points, and adds the lifecycle', () => {
    const items = planIncidentReplay(
      [inc(7, '2012-07-01', { Resolution: 'ARREST, BOOKED' }), inc(7, '2012-07-01', { Category: 'VANDALISM' }), inc(8, '2012-07-01', { lon: 0 })],
      { mapPoint: (x, y) => (x === 0 ? null : [x, y]), lifecycle: true },
    );
    const reports = items.filter((i) => i.kind === 'report');
    expect(reports.map((r) => [r.id, r.body.category])).toEqual([['sf-7-1', 'public_order'], ['sf-7-2', 'public_facility']]);
    const actionsOf = (id: string) => items.filter((i) => i.id === id && i.kind === 'transition').map((i) => i.body.action);
    expect(actionsOf('sf-7-1')).toEqual(['accept', 'dispatch', 'start', 'resolve', 'verify', 'close']);
    expect(actionsOf('sf-7-2')).toEqual(['accept', 'dispatch', 'start']);
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort((a, b) => a - b));
  });

  it('maps one extent onto another', () => {
    const f = mapExtent([-122.51, 37.7, -122.37, 37.82], [120, 29.2, 120.2, 29.4]);
    const [x0, y0] = f(-122.51, 37.7);
    const [x1, y1] = f(-122.37, 37.82);
    expect([x0, y0, x1, y1].map((v) => Number(v.toFixed(9)))).toEqual([120, 29.2, 120.2, 29.4]);
  });
});

describe('summarizeEventStats', () => {
  const cells = [
    { code: 'C1', category: 'dispute', status: 'closed', level: 'grid', n: 3, closed_same_day: 2, overdue: 0, median_close_hours: null, detail: true },
    { code: 'C1', category: 'dispute', status: 'dispatched', level: 'community', n: 2, closed_same_day: 0, overdue: 1, median_close_hours: null, detail: true },
    { code: 'C1', category: null, status: null, level: null, n: 5, closed_same_day: 2, overdue: 1, median_close_hours: 5.5, detail: false },
    { code: null, category: null, status: null, level: null, n: 5, closed_same_day: 2, overdue: 1, median_close_hours: 5.5, detail: false },
  ];
  it('folds cells into groups (listing empty ones) and a total', () => {
    const s = summarizeEventStats(cells, [{ code: 'C1', name: '一社区' }, { code: 'C2', name: '二社区' }], ['dispute', 'epidemic'], { code: 'T', name: '镇' });
    expect(s.groups[0]).toMatchObject({ code: 'C1', total: 5, open: 2, closed: 3, closed_same_day: 2, share_closed_same_day: 0.4, median_hours_to_close: 5.5, overdue: 1 });
    expect(s.groups[0].overdue_by_level).toEqual({ grid: 0, community: 1, town: 0, city: 0 });
    expect(s.groups[0].by_category).toEqual({ dispute: 5, epidemic: 0 });
    expect(s.groups[1]).toMatchObject({ code: 'C2', total: 0, share_closed_same_day: null });
    expect(s.total).toMatchObject({ code: 'T', total: 5, median_hours_to_close: 5.5 });
    const csv = eventStatsCsv(s).split('\r\n');
    expect(csv[1].startsWith('C1,一社区,5,2,3,2,0.4,5.5,1,0,1,0,0,5,0,')).toBe(true);
    expect(csv).toHaveLength(5); // header, two groups, total, and the final empty line
  });
});

describe('eventFingerprint', () => {
  it('ignores key order, absent and null fields and the id, and sees any real change', () => {
    const a = eventFingerprint({ id: '1', category: 'dispute', lon: 120.1, lat: 29.3, reporter: null });
    expect(eventFingerprint({ lat: 29.3, lon: 120.1, category: 'dispute', id: '2' })).toBe(a);
    expect(eventFingerprint({ lat: 29.3, lon: 120.10000001, category: 'dispute' })).toBe(a);
    expect(eventFingerprint({ lat: 29.3, lon: 120.1, category: 'environment' })).not.toBe(a);
  });
});
