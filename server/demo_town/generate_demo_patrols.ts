import seedrandom from 'seedrandom';
import type { TrackPoint } from '../domain/patrols/filter_track_points.ts';

/** A unit of the demo grid worker's grid: its code and a point inside it. */
export interface DemoUnit {
  code: string;
  lon: number;
  lat: number;
}

export interface DemoPatrol {
  id: string;
  startedAt: number;
  stoppedAt: number;
  points: TrackPoint[];
  visits: { id: string; unit: string; note: string; at: number }[];
}

const NOTES = [
  '走访独居老人，身体状况良好，已提醒注意用电安全',
  '入户核实流动人口登记信息，已更新',
  '楼道堆放杂物，已提醒住户清理',
  '了解居民对小区停车的意见，已记录',
  '走访低保户，反映供暖问题，已转社区',
  '检查出租房消防设施，灭火器在有效期内',
  '走访留守儿童家庭，学习生活正常',
  '居民反映路灯不亮，现场核实后上报',
];

// About 1.3 m/s on foot, a fix recorded every 8 s or so: ~10 m apart, as the phone's rule keeps them.
const STEP_M = 10;
const STEP_MS = 8_000;
const DAY = 86_400_000;

/**
 * A week of the demo grid worker's patrols (巡查) and visits (走访) in their grid, seeded: each of
 * the `days` days before `today` (local midnight, ms), one walk from unit to unit through four to
 * seven of the grid's units, starting between 8:30 and 10:30, a point every ~10 m, with two or
 * three visits to units it passes. The same seed and units give the same walks; `today` only
 * places them in time, so that "this week" on the map always has them.
 *
 * @example generateDemoPatrols(units, Date.parse('2026-12-07T00:00:00+08:00')).length // 7
 */
export function generateDemoPatrols(units: readonly DemoUnit[], today: number, days = 7, seed = 'gridwork-demo-patrols'): DemoPatrol[] {
  if (units.length < 2) return [];
  const rng = seedrandom(seed);
  const patrols: DemoPatrol[] = [];
  for (let d = days; d >= 1; d--) {
    const startedAt = today - d * DAY + Math.round((8.5 + rng() * 2) * 3_600_000);
    const stops = pickStops(units, 4 + Math.floor(rng() * 4), rng);
    const points: TrackPoint[] = [];
    let t = startedAt + 30_000;
    for (let i = 0; i < stops.length; i++) {
      const a = stops[i];
      const b = stops[i + 1];
      if (!b) {
        points.push({ lon: a.lon, lat: a.lat, t, accuracy: 8 });
        break;
      }
      const metres = Math.hypot((b.lon - a.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180), (b.lat - a.lat) * 110_574);
      const n = Math.max(1, Math.ceil(metres / STEP_M));
      for (let k = 0; k < n; k++) {
        // A little GPS wobble (±2 m) so the line looks walked, not drawn.
        const jitter = () => (rng() - 0.5) * 0.00004;
        points.push({ lon: a.lon + ((b.lon - a.lon) * k) / n + jitter(), lat: a.lat + ((b.lat - a.lat) * k) / n + jitter(), t, accuracy: Math.round(5 + rng() * 10) });
        t += STEP_MS + Math.round(rng() * 4000);
      }
      // A pause at each stop: the visit.
      t += Math.round(5 + rng() * 10) * 60_000;
    }
    const id = `demo-patrol-${d}`;
    const visited = stops.slice(0, 2 + Math.floor(rng() * 2));
    const visits = visited.map((u, i) => ({ id: `demo-visit-${d}-${i}`, unit: u.code, note: NOTES[Math.floor(rng() * NOTES.length)], at: startedAt + (i + 1) * 20 * 60_000 }));
    patrols.push({ id, startedAt, stoppedAt: t + 60_000, points, visits });
  }
  return patrols;
}

/** `n` units for a walk: a random start, then each next the nearest not yet walked (a plausible round). */
function pickStops(units: readonly DemoUnit[], n: number, rng: () => number): DemoUnit[] {
  const left = [...units];
  const stops = [left.splice(Math.floor(rng() * left.length), 1)[0]];
  while (stops.length < n && left.length) {
    const last = stops[stops.length - 1];
    let best = 0;
    for (let i = 1; i < left.length; i++) if (dist2(last, left[i]) < dist2(last, left[best])) best = i;
    stops.push(left.splice(best, 1)[0]);
  }
  return stops;
}

const dist2 = (a: DemoUnit, b: DemoUnit) => (a.lon - b.lon) ** 2 + (a.lat - b.lat) ** 2;
