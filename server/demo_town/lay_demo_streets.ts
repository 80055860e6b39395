import { ROADS } from './names.ts';

/** A street of the demo town in the local plane (metres east and north of the town's centre). */
export interface DemoStreet {
  name: string;
  /** `major` for the avenues (大道) and the main east–west road, `minor` for the rest. */
  kind: 'major' | 'minor';
  line: [number, number][];
}

const SPACING = 420; // metres between parallel streets: blocks of a county town's centre
const STEP = 50; // metres between a street's vertices

/**
 * The demo town's street plan, laid around its old centre `core` (local plane, metres): the
 * first five names of ROADS run east–west, the last five north–south, gently curving, about
 * 420 m apart. The avenues run on to the town's edge; the other streets span the dense centre.
 * Pure and drawn from no random source, so the generator's draws (and so the town) stay what
 * they were; the generator gives each urban unit the name of the street nearest to it.
 *
 * @example layDemoStreets([0, 0]).map((s) => s.name) // ['稠州路', '丹溪路', …, '商城大道']
 */
export function layDemoStreets(core: [number, number]): DemoStreet[] {
  return ROADS.map((name, i) => {
    const eastWest = i < 5;
    const k = (i % 5) - 2; // −2 … 2: position across the centre
    const kind = name.endsWith('大道') || name === '稠州路' ? 'major' : 'minor';
    const half = kind === 'major' ? 4200 : 1500;
    const line: [number, number][] = [];
    for (let t = -half; t <= half; t += STEP) {
      const across = -k * SPACING + 35 * Math.sin(t / 650 + i); // north first, west first
      line.push(eastWest ? [core[0] + t, core[1] + across] : [core[0] - across, core[1] + t]);
    }
    return { name, kind, line };
  });
}

/**
 * The river 青溪 that gives the town its name: it crosses the town from west to east about
 * 1 km south of the centre, just south of 江滨路 (the riverside road), meandering.
 */
export function layDemoRiver(core: [number, number]): [number, number][] {
  const line: [number, number][] = [];
  for (let t = -6000; t <= 6000; t += STEP) line.push([core[0] + t, core[1] - 1000 + 140 * Math.sin(t / 900) + 60 * Math.sin(t / 310)]);
  return line;
}

/** The distance in metres from a point to the nearest vertex-to-vertex segment of a line. */
export function distanceToLine(p: [number, number], line: [number, number][]): number {
  let best = Infinity;
  for (let j = 1; j < line.length; j++) {
    const [ax, ay] = line[j - 1];
    const [bx, by] = line[j];
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy));
  }
  return best;
}

/** The name of the street nearest to a point. */
export function nearestStreet(p: [number, number], streets: DemoStreet[]): string {
  let best = streets[0];
  let bestD = Infinity;
  for (const s of streets) {
    const d = distanceToLine(p, s.line);
    if (d < bestD) [best, bestD] = [s, d];
  }
  return best.name;
}
