import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/**
 * Every route the app declares, read from the source: the mounts in server/app.ts and the
 * router.get/post/… lines of each router file, as OpenAPI paths ("/api/areas/{code}").
 */
function declaredRoutes(): string[] {
  const app = read('server/app.ts');
  const files = new Map<string, string>();
  for (const m of app.matchAll(/import \{ (\w+) \} from '\.\/routes\/(\w+)\.ts'/g)) files.set(m[1], `server/routes/${m[2]}.ts`);
  const routes: string[] = [];
  for (const m of app.matchAll(/app\.use\('([^']+)', (\w+)\(/g)) {
    const file = files.get(m[2]);
    if (!file) continue;
    for (const r of read(file).matchAll(/router\.(get|post|put|patch|delete)\(\s*'([^']*)'/g)) {
      const full = (m[1] + (r[2] === '/' ? '' : r[2])).replace(/:(\w+)/g, '{$1}');
      routes.push(`${r[1]} ${full}`);
    }
  }
  for (const m of app.matchAll(/app\.(get|post)\('([^']+)'/g)) routes.push(`${m[1]} ${m[2]}`);
  return routes.sort();
}

describe('the OpenAPI document at /api/openapi.json', () => {
  let t: TestDb;
  let api: TestServer;
  let doc: any;
  beforeAll(async () => {
    t = await createTestDb('empty');
    api = await startTestServer(t.db);
    doc = await (await api.get('/api/openapi.json')).json();
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  it('is OpenAPI 3.0 with the server it came from', () => {
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect(doc.servers[0].url).toBe(api.url);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(40);
  });

  it('documents every route the routers declare, and nothing they do not', () => {
    const declared = declaredRoutes();
    expect(declared.length).toBeGreaterThan(40);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, item]) => Object.keys(item).map((m) => `${m} ${p}`)).sort();
    expect(declared.filter((r) => !documented.includes(r)), 'routes missing from the document').toEqual([]);
    expect(documented.filter((r) => !declared.includes(r)), 'documented routes that do not exist').toEqual([]);
  });

  it('names every operation (a unique operationId) and says how each signs in', () => {
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, item]) => Object.entries(item).map(([m, op]) => ({ at: `${m} ${p}`, op })));
    const ids = ops.map((o) => o.op.operationId);
    expect(ops.filter((o) => typeof o.op.operationId !== 'string').map((o) => o.at)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.security).toEqual([{ bearer: [] }, { basic: [] }]);
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/api/areas'].get.security).toBeUndefined();
    expect(doc.paths['/api/areas/{code}'].get.operationId).toBe('getApiAreasByCode');
  });

  it('gives every operation a summary and responses, declares every path parameter, and resolves every $ref', () => {
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)) expect(doc.components.schemas, m[1]).toHaveProperty(m[1]);
    for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const params = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(op.summary, `${method} ${p}`).toBeTruthy();
        expect(Object.keys(op.responses ?? {}).length, `${method} ${p}`).toBeGreaterThan(0);
        const declared = (op.parameters ?? []).filter((x: any) => x.in === 'path').map((x: any) => x.name);
        expect(declared.sort(), `${method} ${p}`).toEqual([...params].sort());
      }
    }
  });
});
