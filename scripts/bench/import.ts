/**
 * npm run bench -- import [--rows 1000000] [--addresses 50000] [--match 100000] [--naive 500]
 *
 * Prints, in one run:
 *   1. a `--rows` household register (CSV in GBK with Chinese headers and coordinates) read,
 *      placed and stored end to end through importRegister (decode, parse, assign, upsert in one
 *      transaction), with the process's peak RSS; beside it, with DATABASE_URL, `ogr2ogr` loading
 *      the same file into a table of its own on the same server (the baseline a GIS office would
 *      reach for);
 *   2. address matching: `--match` register addresses (written in the ways people write them)
 *      against `--addresses` standard addresses, through the indexed matcher; beside it the plain
 *      way (each row's key compared with every address) on `--naive` rows, scaled to `--match`.
 * Embedded PGlite by default; with DATABASE_URL, a scratch database on that server (dropped after).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import seedrandom from 'seedrandom';
import { importAreas } from '../../server/services/import_areas.ts';
import { importRegister } from '../../server/services/registers/import_register.ts';
import { normaliseAddress } from '../../server/domain/addresses/normalise_address.ts';
import { addressMatcher } from '../../server/domain/addresses/match_addresses.ts';
import { openBenchDb } from './open_bench_db.ts';

const { values: opt } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    addresses: { type: 'string', default: '50000' },
    match: { type: 'string', default: '100000' },
    naive: { type: 'string', default: '500' },
  },
});
const ROWS = Number(opt.rows);
const ADDRESSES = Number(opt.addresses);
const MATCH = Number(opt.match);
const NAIVE = Math.min(MATCH, Number(opt.naive));
const log = (m: string) => console.log(`[bench import] ${m}`);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// A town 0.1° square at 120.0°E 29.3°N, four communities of four grids each.
function createTown() {
  const sq = (x: number, y: number, d: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });
  const f = (code: string, level: string, parent: string | null, x: number, y: number, d: number) => ({ type: 'Feature', properties: { code, name: `区域${code}`, level, parent_code: parent }, geometry: sq(x, y, d) });
  const features = [f('B', 'town', null, 120, 29.3, 0.1)];
  for (let c = 0; c < 4; c++) {
    const cx = 120 + (c % 2) * 0.05;
    const cy = 29.3 + Math.floor(c / 2) * 0.05;
    features.push(f(`B${c}`, 'community', 'B', cx, cy, 0.05));
    for (let g = 0; g < 4; g++) features.push(f(`B${c}${g}`, 'grid', `B${c}`, cx + (g % 2) * 0.025, cy + Math.floor(g / 2) * 0.025, 0.025));
  }
  return { type: 'FeatureCollection', features };
}

const SURNAMES = '王李张刘陈杨赵黄周吴';
const ROADS = ['和平路', '解放路', '人民大道', '中山路', '建设街', '幸福里', '光明路', '友谊路', '新华街', '文化路'];

async function benchRegister(): Promise<void> {
  const { db, cleanup, where } = await openBenchDb('import');
  const dir = mkdtempSync(path.join(tmpdir(), 'gridwork-bench-import-'));
  try {
    log(`database: ${where}`);
    await importAreas(db, createTown());
    const rng = seedrandom('import-bench');
    const lines = ['户编号,户主姓名,联系电话,门牌地址,人口数,流动人口,经度,纬度'];
    for (let i = 0; i < ROWS; i++) {
      const road = ROADS[i % ROADS.length];
      lines.push(`H${i},${SURNAMES[i % 10]}某${i % 97},138${String(i).padStart(8, '0')},${road}${(i % 300) + 1}号${(i % 7) + 1}幢,${1 + (i % 5)},${i % 3 === 0 ? 1 : 0},${(120 + rng() * 0.1).toFixed(6)},${(29.3 + rng() * 0.1).toFixed(6)}`);
    }
    const bytes = iconv.encode(lines.join('\n') + '\n', 'gbk');
    lines.length = 0;
    const file = path.join(dir, 'register.csv');
    writeFileSync(file, bytes);
    log(`register: ${ROWS.toLocaleString('en')} rows, ${(bytes.length / 2 ** 20).toFixed(1)} MB of GBK CSV`);
    const rssBefore = process.resourceUsage().maxRSS;
    const t0 = performance.now();
    const result = await importRegister(db, 'household', bytes, {});
    const ms = performance.now() - t0;
    log(`importRegister (detect GBK, parse, guess mapping, assign, upsert in one transaction): ${secs(ms)}, ${Math.round((ROWS / ms) * 1000).toLocaleString('en')} rows/s, written ${result.written.toLocaleString('en')}`);
    log(`  read the file ${secs(result.ms.read)}, read the rows ${secs(result.ms.rows)}, place ${secs(result.ms.place)}, store ${secs(result.ms.store)}`);
    log(`  peak RSS of the process: ${mb(process.resourceUsage().maxRSS)} (before the import: ${mb(rssBefore)})`);

    const target = process.env.DATABASE_URL ? scratchUrl() : undefined;
    if (!target) {
      log('ogr2ogr baseline: skipped (needs DATABASE_URL: ogr2ogr writes to a PostgreSQL server, not to the embedded database)');
    } else {
      const pgDsn = `PG:${target}`;
      const t1 = performance.now();
      execFileSync('ogr2ogr', ['-f', 'PostgreSQL', pgDsn, file, '-nln', 'household_ogr', '-oo', 'X_POSSIBLE_NAMES=经度', '-oo', 'Y_POSSIBLE_NAMES=纬度', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-a_srs', 'EPSG:4326', '-lco', 'GEOMETRY_NAME=geom', '-gt', '65536', '--config', 'PG_USE_COPY', 'YES'], {
        env: { ...process.env, PGCLIENTENCODING: 'GBK' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const ogrMs = performance.now() - t1;
      const [n] = await db.query<{ n: number }>('select count(*)::int as n from household_ogr');
      log(`ogr2ogr (COPY into a table of its own, no assignment, no upsert): ${secs(ogrMs)}, ${Math.round((n.n / ogrMs) * 1000).toLocaleString('en')} rows/s, ${n.n.toLocaleString('en')} rows`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  }
}

/** The scratch database openBenchDb made, as a libpq connection string for ogr2ogr. */
function scratchUrl(): string {
  const u = new URL(process.env.DATABASE_URL!);
  return `host=${u.hostname} port=${u.port || 5432} user=${decodeURIComponent(u.username)} password=${decodeURIComponent(u.password)} dbname=gridwork_bench_import_${process.pid}`;
}

function benchMatching(): void {
  const rng = seedrandom('match-bench');
  const standard: string[] = [];
  const perRoad = Math.ceil(ADDRESSES / (ROADS.length * 10 * 10));
  for (let r = 0; standard.length < ADDRESSES; r++) {
    const road = `${ROADS[r % ROADS.length]}${r >= ROADS.length ? Math.floor(r / ROADS.length) : ''}`.replace(/\d+$/, (d) => '东西南北中前后左右新'[Number(d) % 10] + (Number(d) >= 10 ? '二' : ''));
    for (let n = 1; n <= 10 * perRoad && standard.length < ADDRESSES; n++) for (let b = 1; b <= 10 && standard.length < ADDRESSES; b++) standard.push(`${road}${n}号${b}幢`);
  }
  const spell = [(a: string) => `${a}2单元301室`, (a: string) => `某省某市某街道${a.replace(/幢$/, '栋')}`, (a: string) => a.replace(/(\d+)号/, ' $1 号 '), (a: string) => a];
  const rows = Array.from({ length: MATCH }, (_, i) => spell[i % spell.length](standard[Math.floor(rng() * standard.length)]));
  const t0 = performance.now();
  const match = addressMatcher(standard.map((a) => normaliseAddress(a)));
  const built = performance.now();
  let matched = 0;
  for (const r of rows) if (match(normaliseAddress(r)).status === 'matched') matched++;
  const done = performance.now();
  log(`address matching, indexed: ${MATCH.toLocaleString('en')} rows against ${standard.length.toLocaleString('en')} addresses: index ${secs(built - t0)}, match ${secs(done - built)} (${matched.toLocaleString('en')} matched)`);
  // The plain way: every row's key against every address key (exact, then by the building).
  const keys = standard.map((a) => normaliseAddress(a));
  const t2 = performance.now();
  let naiveMatched = 0;
  for (let i = 0; i < NAIVE; i++) {
    const k = normaliseAddress(rows[i]);
    const b = k.replace(/(幢|单元|号|弄)\d+$/, '$1').replace(/\d+单元$/, '');
    if (keys.some((s) => s === k) || keys.some((s) => s === b)) naiveMatched++;
  }
  const naiveMs = performance.now() - t2;
  log(`address matching, each row against every address (exact keys only): ${NAIVE} rows in ${secs(naiveMs)} (${naiveMatched} matched) → about ${secs((naiveMs * MATCH) / NAIVE)} for ${MATCH.toLocaleString('en')}`);
}

benchMatching();
await benchRegister();
