/**
 * npm run replay -- FILE [--speed 600] [--url http://127.0.0.1:8080] [--onto CODE|none]
 *                        [--from YYYY-MM-DD] [--limit N] [--lifecycle] [--source patrol]
 *
 * Replays a file of real incidents as a live feed into a running Gridwork, through its HTTP API:
 * POST /api/events for each report, and with --lifecycle the transitions that follow. Made for
 * ../shared/data/sf/sf_crime_jul_dec_2012.geojson (SFPD incidents, Jul–Dec 2012): ordered by Date
 * then IncidntNum, each day's incidents spread evenly over the day (the file has dates only).
 *
 * --speed     simulated seconds per real second (600: ten minutes a second, a day in 2.4 min)
 * --onto      the area whose extent the file's extent is mapped onto, linearly on each axis
 *             (default: the demo town 330782101); points landing in no grid are refused by the
 *             server and counted. `--onto none` posts the coordinates as they are, for a tree
 *             imported from sf_blockgroups_2010_pop.geojson (npm run import -- areas … --code-field GEO_ID).
 * --lifecycle also accept, dispatch and start each event, and resolve, verify and close those
 *             the police resolved (Resolution other than NONE), over the following hours.
 *
 * Ids are `sf-<IncidntNum>-<n>`: a replay that is stopped and run again posts nothing twice
 * (the server answers 200 for a report it already has).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mapExtent, planIncidentReplay, type Incident, type ReplayItem } from '../server/domain/events/plan_incident_replay.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    speed: { type: 'string', default: '600' },
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    onto: { type: 'string', default: '330782101' },
    from: { type: 'string' },
    limit: { type: 'string' },
    lifecycle: { type: 'boolean', default: false },
    source: { type: 'string', default: 'patrol' },
    concurrency: { type: 'string', default: '16' },
  },
});

const file = positionals[0];
if (!file) {
  console.error('usage: npm run replay -- FILE [--speed 600] [--url http://127.0.0.1:8080] [--onto CODE|none] [--from YYYY-MM-DD] [--limit N] [--lifecycle]');
  process.exit(2);
}
const speed = Number(values.speed);
const concurrency = Number(values.concurrency);
if (!(speed > 0) || !(concurrency >= 1)) {
  console.error(`--speed and --concurrency must be positive numbers, got ${values.speed} and ${values.concurrency}.`);
  process.exit(2);
}
const base = values.url.replace(/\/$/, '');

const fc = JSON.parse(readFileSync(file, 'utf8'));
const incidents: Incident[] = (fc.features ?? [])
  .filter((f: any) => f?.geometry?.type === 'Point')
  .map((f: any) => ({ ...f.properties, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }))
  .filter((i: Incident) => !values.from || i.Date >= values.from);
if (incidents.length === 0) {
  console.error(`${file} holds no Point features${values.from ? ` from ${values.from}` : ''}.`);
  process.exit(1);
}

let mapPoint = (lon: number, lat: number): [number, number] => [lon, lat];
if (values.onto !== 'none') {
  const res = await fetch(`${base}/api/areas/${encodeURIComponent(values.onto)}`).catch((err) => {
    throw new Error(`Cannot reach ${base} (${err.cause?.code ?? err.message}): start the server first (npm start), or pass --url.`);
  });
  if (!res.ok) throw new Error(`No area "${values.onto}" at ${base} (${res.status}): pass --onto with a town's code, or --onto none.`);
  const area = await res.json();
  const coords: number[][] = area.geometry.coordinates.flat(2);
  const target = bboxOf(coords);
  const source = bboxOf(incidents.map((i) => [i.lon, i.lat]));
  mapPoint = mapExtent(source, target);
  console.log(`mapping the file's extent ${fmt(source)} onto ${values.onto} ${area.name} ${fmt(target)}`);
}

let items = planIncidentReplay(incidents, { mapPoint, lifecycle: values.lifecycle, source: values.source, by: 'replay' });
if (values.limit) {
  const keep = new Set(items.filter((i) => i.kind === 'report').slice(0, Number(values.limit)).map((i) => i.id));
  items = items.filter((i) => keep.has(i.id));
}
const reports = items.filter((i) => i.kind === 'report').length;
const simStart = items[0].at;
const simSpan = items.at(-1)!.at - simStart;
console.log(`${reports} reports, ${items.length - reports} transitions over ${(simSpan / 86_400_000).toFixed(1)} simulated days; ` +
  `at ${speed}× that takes ${(simSpan / speed / 60_000).toFixed(1)} min (Ctrl-C stops; a re-run posts nothing twice)`);

const counts = { created: 0, existing: 0, refused: 0, moved: 0, skipped: 0, failed: 0 };
const refusedIds = new Set<string>();
const wallStart = Date.now();
let inFlight = 0;
const waiting: (() => void)[] = [];
let lastPrint = 0;

for (const item of items) {
  const due = wallStart + (item.at - simStart) / speed;
  const wait = due - Date.now();
  if (wait > 0) await sleep(wait);
  if (item.kind === 'transition' && refusedIds.has(item.id)) continue;
  while (inFlight >= concurrency) await new Promise<void>((r) => waiting.push(r));
  inFlight++;
  // Transitions of one event must follow its report: post reports at once, and a transition only
  // after the requests before it finished (they are minutes apart in simulated time anyway).
  const done = send(item).finally(() => {
    inFlight--;
    waiting.shift()?.();
  });
  if (item.kind === 'transition') await done;
  if (Date.now() - lastPrint > 2000) {
    lastPrint = Date.now();
    console.log(`${new Date(item.at).toISOString().slice(0, 16).replace('T', ' ')} (simulated)  ${summary()}`);
  }
}
while (inFlight > 0) await new Promise<void>((r) => waiting.push(r));
console.log(`done in ${((Date.now() - wallStart) / 1000).toFixed(1)} s: ${summary()}`);

async function send(item: ReplayItem): Promise<void> {
  const url = item.kind === 'report' ? `${base}/api/events` : `${base}/api/events/${encodeURIComponent(item.id)}/transitions`;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(item.body) });
      if (res.status >= 500 && attempt < 5) throw new Error(`server answered ${res.status}`);
      const body = await res.json().catch(() => ({}));
      if (item.kind === 'report') {
        if (res.status === 201) counts.created++;
        else if (res.status === 200) counts.existing++;
        else {
          counts.refused++;
          refusedIds.add(item.id);
          if (counts.refused <= 3) console.warn(`refused ${item.id}: ${body.message ?? res.status}`);
        }
      } else if (res.status === 200) counts.moved++;
      else counts.skipped++; // already past this step (a re-run), or refused
      return;
    } catch (err) {
      // A retry is safe: the id makes the report idempotent.
      if (attempt >= 5) {
        counts.failed++;
        console.warn(`gave up on ${item.id}: ${(err as Error).message}`);
        return;
      }
      await sleep(250 * 2 ** attempt);
    }
  }
}

function summary(): string {
  const c = counts;
  return `${c.created} new, ${c.existing} already there, ${c.refused} outside every grid, ${c.moved} transitions, ${c.skipped} skipped, ${c.failed} failed`;
}

function bboxOf(points: number[][]): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
  return [w, s, e, n];
}

function fmt(b: number[]): string {
  return `[${b.map((v) => v.toFixed(4)).join(', ')}]`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
