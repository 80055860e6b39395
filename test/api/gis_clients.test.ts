import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

const run = promisify(execFile);
const OGRINFO = '/usr/bin/ogrinfo';
const gdalMissing = existsSync(OGRINFO) ? null : `${OGRINFO} is not installed (Debian package gdal-bin, in .ci/run's list)`;

/**
 * Real GIS clients against the service: GDAL's OAPIF driver (QGIS uses the same code) with a
 * personal access key as the password of HTTP Basic, as a stored QGIS login sends it.
 */
describe.skipIf(gdalMissing)('GDAL reads the OGC API with a key', () => {
  let t: TestDb;
  let api: TestServer;
  let logged: string[];
  let viewer: { username: string; key: string };
  beforeAll(async () => {
    t = await createTestDb('demo');
    logged = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
    api = await startTestServer(t.db, { config: { accessLog: true } });
    const user = await api.userWith('viewer', null);
    const made = await (await api.post('/api/keys', { name: 'gdal' }, { authorization: user.authorization })).json();
    viewer = { username: user.username, key: made.key };
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await api?.close();
    await t?.drop();
  });

  const ogrinfo = (args: string[], env: Record<string, string> = {}) =>
    run(OGRINFO, ['-ro', ...args], { env: { ...process.env, GDAL_HTTP_USERPWD: `${viewer.username}:${viewer.key}`, GDAL_HTTP_AUTH: 'BASIC', CPL_VSIL_CURL_CACHE_SIZE: '0', ...env }, maxBuffer: 256 * 1024 * 1024 });

  it('lists every collection', async () => {
    const { stdout } = await ogrinfo(['-so', `OAPIF:${api.url}/ogc`]);
    const { collections } = await (await api.get('/ogc/collections', { authorization: `Bearer ${viewer.key}` })).json();
    expect(collections.length).toBeGreaterThan(3);
    for (const c of collections as { id: string }[]) expect(stdout).toMatch(new RegExp(`^\\d+: ${c.id}( |$)`, 'm'));
  });

  // GDAL 3.6 (Debian 12) pages 10 at a time whatever the server documents: it asks for
  // /collections and then items?limit=10, never for the landing page or the API document (later
  // GDALs read the limit's default and maximum there, at /ogc/api). So the page size is given.
  it('reads every unit, 1,000 a page, in a few requests, the key never logged', async () => {
    const before = logged.length;
    const { stdout } = await ogrinfo(['-q', '-al', '-geom=NO', '-oo', 'PAGE_SIZE=1000', `OAPIF:${api.url}/ogc`, 'units']);
    const [{ n }] = await t.db.query<{ n: number }>(`select count(*)::int as n from area where level = 'unit'`);
    expect(stdout.match(/^OGRFeature\(units\)/gm)?.length).toBe(n);
    const pages = logged.slice(before).filter((l) => / GET \/ogc\/collections\/units\/items/.test(l));
    // Ten a page took n/10 requests (161 for these units).
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.length).toBeLessThanOrEqual(Math.ceil(n / 1000) + 1);
    expect(logged.join('\n')).not.toContain(viewer.key.slice(4));
  });

  it('is refused without the key', async () => {
    await expect(ogrinfo(['-so', `OAPIF:${api.url}/ogc`], { GDAL_HTTP_USERPWD: `${viewer.username}:wrong` })).rejects.toThrow();
  });
});
