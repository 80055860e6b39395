import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { topology } from 'topojson-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';
import { openDatabase } from '../../server/db/open_database.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** `npm run import -- …` as a user runs it: a separate process on this file's own database. */
async function importCli(t: TestDb, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, GRIDWORK_DATA_DIR: t.location.dataDir, DATABASE_URL: t.location.databaseUrl ?? '' };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (err: any) {
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run import -- areas', () => {
  let t: TestDb;
  const dir = mkdtempSync(path.join(tmpdir(), 'gridwork-cli-'));
  beforeAll(async () => {
    t = await createTestDb('empty');
    await t.db.close(); // the CLI opens the database itself; the embedded one allows one process
  });
  afterAll(async () => t?.drop());

  it('imports GeoJSON, then TopoJSON with field options, and refuses a bad file naming the feature', async () => {
    const town = path.join(dir, 'town.geojson');
    writeFileSync(town, JSON.stringify(createSquareTown()));
    const first = await importCli(t, ['areas', town]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ written: 7 });

    const blocks = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { GEOID: 'B9', label: '九号街坊' }, geometry: { type: 'Polygon', coordinates: [[[120.001, 30.001], [120.002, 30.001], [120.002, 30.002], [120.001, 30.001]]] } }] };
    const topo = path.join(dir, 'blocks.topojson');
    writeFileSync(topo, JSON.stringify(topology({ blocks } as any)));
    const second = await importCli(t, ['areas', topo, '--code-field', 'GEOID', '--name-field', 'label', '--level', 'block', '--parent-level', 'grid']);
    expect(second.code, second.stderr).toBe(0);

    const bad = createSquareTown();
    bad.features[2].properties!.parent_code = 'T99';
    bad.features.forEach((f) => (f.properties!.code = `X${f.properties!.code}`));
    const badFile = path.join(dir, 'bad.geojson');
    writeFileSync(badFile, JSON.stringify(bad));
    const refused = await importCli(t, ['areas', badFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/feature 2 \(XT02\) parent_code: parent "T99" does not exist/);

    t.db = await openDatabase(t.location);
    const rows = await t.db.query<{ code: string; level: string; name: string; parent: string | null }>(
      `select a.code, a.level, a.name, p.code as parent from area a left join area p on p.id = a.parent_id where a.code in ('B9', 'T0101') or a.code like 'X%' order by a.code`,
    );
    expect(rows).toEqual([
      { code: 'B9', level: 'block', name: '九号街坊', parent: 'T0101' },
      { code: 'T0101', level: 'grid', name: '名称T0101', parent: 'T01' },
    ]);
  });

  it('says how to use it when the kind is unknown', async () => {
    const res = await importCli(t, ['parcels', 'x.geojson']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/usage: npm run import -- areas\|households\|facilities FILE/);
  });
});
