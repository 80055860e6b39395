import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';
import { importAreas } from '../../server/services/import_areas.ts';
import { createDemoUsers, DEMO_PASSWORD, ensureAdmin } from '../../server/services/auth/bootstrap_users.ts';

let t: TestDb;
let api: TestServer;
beforeAll(async () => {
  t = await createTestDb('empty');
  await importAreas(t.db, createSquareTown());
  await ensureAdmin(t.db, 'root', 'correct horse battery');
  await createDemoUsers(t.db, 'T', 'T0101');
  api = await startTestServer(t.db, { loginLimitPerMinute: 1000, signedIn: false });
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const signIn = async (username: string, password = DEMO_PASSWORD) => {
  const res = await api.post('/api/auth/login', { username, password });
  return { res, body: await res.json() };
};
const asUser = (token: string) => ({ authorization: `Bearer ${token}` });

describe('signing in', () => {
  it('gives a bearer token for the right password, and the user with their grants', async () => {
    const { res, body } = await signIn('root', 'correct horse battery');
    expect(res.status).toBe(200);
    expect(body.token_type).toBe('Bearer');
    expect(body.user).toMatchObject({ username: 'root', grants: [{ role: 'admin', areaCode: null }] });
    const me = await fetch(`${api.url}/api/auth/me`, { headers: asUser(body.token) });
    expect((await me.json()).username).toBe('root');
  });

  it('says where the user holds each permission, from the server\'s rule (what the pages offer)', async () => {
    const scopesOf = async (username: string) => {
      const { body } = await signIn(username);
      return (await (await fetch(`${api.url}/api/auth/me`, { headers: asUser(body.token) })).json()).scopes;
    };
    const admin = await scopesOf('admin');
    expect(admin['areas.write']).toBeNull();
    expect(admin['users.manage']).toBeNull();
    const worker = await scopesOf('gridworker');
    expect(worker).toMatchObject({ 'areas.read': ['T0101'], 'events.handle': ['T0101'], 'areas.write': [], 'plans.edit': [], 'sizing.propose': [] });
    const analyst = await scopesOf('analyst');
    expect(analyst).toMatchObject({ 'sizing.propose': ['T'], 'plans.edit': [], 'events.handle': [] });
  });

  it('refuses a wrong password and an unknown user alike, with 401', async () => {
    const wrong = await signIn('root', 'wrong password!');
    const nobody = await signIn('nobody', 'wrong password!');
    expect([wrong.res.status, nobody.res.status]).toEqual([401, 401]);
    expect(wrong.body.message).toBe(nobody.body.message);
  });

  it('refuses forged, tampered and missing tokens', async () => {
    const { body } = await signIn('viewer');
    const [h, p, s] = body.token.split('.');
    const tampered = [h, Buffer.from(JSON.stringify({ sub: '1', username: 'root' })).toString('base64url'), s].join('.');
    for (const token of [tampered, 'not.a.token', `${h}.${p}.${'A'.repeat(s.length)}`]) {
      expect((await fetch(`${api.url}/api/auth/me`, { headers: asUser(token) })).status).toBe(401);
    }
    expect((await api.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses bad bodies with 400 naming the field', async () => {
    const res = await api.post('/api/auth/login', { username: 'root' });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/"password"/);
  });
});

describe('managing users (administrators only), audited', () => {
  it('lets an administrator create a user with a scoped role, and records it', async () => {
    const { body: admin } = await signIn('admin');
    const created = await api.post('/api/users', { username: 'wang.wei', password: 'a long password', display_name: '王伟', grants: [{ role: 'grid_worker', area_code: 'T0202' }] }, asUser(admin.token));
    expect(created.status).toBe(201);
    const user = await created.json();
    expect(user).toMatchObject({ username: 'wang.wei', display_name: '王伟', grants: [{ role: 'grid_worker', area_code: 'T0202' }] });
    expect(JSON.stringify(user)).not.toMatch(/argon2|password_hash/);

    const audit = await (await fetch(`${api.url}/api/audit?what=user.create&who=admin`, { headers: asUser(admin.token) })).json();
    expect(audit[0]).toMatchObject({ actor: 'admin', action: 'user.create', entity: 'user', entity_id: 'wang.wei' });
    expect(JSON.stringify(audit)).not.toMatch(/a long password|argon2/);

    const { res: ok } = await signIn('wang.wei', 'a long password');
    expect(ok.status).toBe(200);
  });

  it('refuses other roles (403) and anonymous callers (401)', async () => {
    for (const who of ['planner', 'dispatcher', 'gridworker', 'analyst', 'viewer']) {
      const { body } = await signIn(who);
      expect((await fetch(`${api.url}/api/users`, { headers: asUser(body.token) })).status).toBe(403);
      expect((await fetch(`${api.url}/api/audit`, { headers: asUser(body.token) })).status).toBe(403);
    }
    expect((await api.get('/api/users')).status).toBe(401);
    expect((await api.get('/api/audit')).status).toBe(401);
  });

  it('disabling a user ends their access at once, and the change is audited with before and after', async () => {
    const { body: admin } = await signIn('admin');
    const { body: viewer } = await signIn('viewer');
    expect((await fetch(`${api.url}/api/auth/me`, { headers: asUser(viewer.token) })).status).toBe(200);
    const res = await fetch(`${api.url}/api/users/viewer`, { method: 'PATCH', headers: { ...asUser(admin.token), 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    expect(res.status).toBe(200);
    expect((await fetch(`${api.url}/api/auth/me`, { headers: asUser(viewer.token) })).status).toBe(401);
    const [entry] = await (await fetch(`${api.url}/api/audit?what=user.update`, { headers: asUser(admin.token) })).json();
    expect(entry.before.disabled).toBe(false);
    expect(entry.after.disabled).toBe(true);
  });

  it('a new password, or an administrator\'s sign-out, voids every token issued before; tokens issued after work', async () => {
    const { body: admin } = await signIn('admin');
    const patch = (username: string, body: unknown) =>
      fetch(`${api.url}/api/users/${username}`, { method: 'PATCH', headers: { ...asUser(admin.token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const me = async (token: string) => (await fetch(`${api.url}/api/auth/me`, { headers: asUser(token) })).status;

    // A stolen token and a script's token, both issued with the old password.
    const [{ body: first }, { body: second }] = [await signIn('analyst'), await signIn('analyst')];
    expect([await me(first.token), await me(second.token)]).toEqual([200, 200]);
    expect((await patch('analyst', { password: 'a new password 1' })).status).toBe(200);
    expect([await me(first.token), await me(second.token)]).toEqual([401, 401]);
    expect((await signIn('analyst')).res.status).toBe(401); // the old password is gone too
    const { body: fresh } = await signIn('analyst', 'a new password 1');
    expect(await me(fresh.token)).toBe(200);

    // "Sign out everywhere" without a new password: the same password signs in again.
    expect((await patch('analyst', { sign_out: true })).status).toBe(200);
    expect(await me(fresh.token)).toBe(401);
    const { body: again } = await signIn('analyst', 'a new password 1');
    expect(await me(again.token)).toBe(200);
    // Renaming ends nothing.
    expect((await patch('analyst', { display_name: 'Analyst' })).status).toBe(200);
    expect(await me(again.token)).toBe(200);

    const [entry] = await (await fetch(`${api.url}/api/audit?what=user.update&entity=user`, { headers: asUser(admin.token) })).json();
    expect(entry.after).toMatchObject({ password_changed: false, signed_out: false });
    const entries = await (await fetch(`${api.url}/api/audit?what=user.update&limit=3`, { headers: asUser(admin.token) })).json();
    expect(entries.map((e: { after: { signed_out: boolean } }) => e.after.signed_out)).toEqual([false, true, true]);
  });

  it('refuses a grant at an area that does not exist, and duplicate users', async () => {
    const { body: admin } = await signIn('admin');
    const noArea = await api.post('/api/users/analyst/grants', { role: 'analyst', area_code: 'NOWHERE' }, asUser(admin.token));
    expect(noArea.status).toBe(404);
    const dup = await api.post('/api/users', { username: 'planner', password: 'another password' }, asUser(admin.token));
    expect(dup.status).toBe(409);
    const short = await api.post('/api/users', { username: 'zhao', password: 'short' }, asUser(admin.token));
    expect(short.status).toBe(400);
  });
});

describe('the audit log', () => {
  it('is append-only: the database refuses updates and deletes', async () => {
    await expect(t.db.query(`update audit_log set actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
    const [row] = await t.db.query<{ n: number }>(`select count(*)::int as n from audit_log where actor = 'someone else'`);
    expect(row.n).toBe(0);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 once an address has tried too often', async () => {
    const strict = await startTestServer(t.db, { loginLimitPerMinute: 3, signedIn: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await strict.post('/api/auth/login', { username: 'root', password: 'guess number ' + i })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await strict.close();
    }
  });
});
