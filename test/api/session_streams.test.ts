import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';
import { createApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { openDatabase } from '../../server/db/open_database.ts';
import { importAreas } from '../../server/services/import_areas.ts';
import { createUser } from '../../server/services/auth/manage_users.ts';
import { login } from '../../server/services/auth/login.ts';
import { openStreamCount } from '../../server/services/open_streams.ts';
import { issueToken } from '../../server/services/auth/tokens.ts';

/**
 * #14: an event stream opened before a user was disabled and signed out everywhere kept
 * delivering events, descriptions included; and no one limited how many streams one user or one
 * address could hold open.
 */

let t: TestDb;
let api: TestServer;
beforeAll(async () => {
  t = await createTestDb('empty');
  await importAreas(t.db, createSquareTown());
  api = await startTestServer(t.db);
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

let users = 0;
/** A new dispatcher over the town, signed in: a bearer header. */
async function newDispatcher(): Promise<{ username: string; authorization: string }> {
  const username = `watcher-${++users}`;
  await createUser(t.db, 'test', { username, password: TEST_PASSWORD, grants: [{ role: 'dispatcher', areaCode: 'T' }] });
  return { username, authorization: `Bearer ${(await login(t.db, username, TEST_PASSWORD)).token}` };
}

/** A stream opened as `authorization`: what it has received, and a promise that settles when the server ends it. */
async function openStream(base: string, path: string, authorization: string) {
  const controller = new AbortController();
  const res = await fetch(base + path, { headers: { authorization }, signal: controller.signal });
  let text = '';
  const ended = (async () => {
    if (res.status !== 200) return;
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += value;
    }
  })().catch((err) => {
    if (err.name !== 'AbortError') throw err;
  });
  return { res, ended, received: () => text, close: () => controller.abort() };
}

/** Resolves when `p` settles, fails after `ms`: the server must end the stream by itself, at once. */
const endsWithin = (p: Promise<unknown>, ms: number, what: string) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]).then((ok) => expect(ok, `${what} still open after ${ms} ms`).toBe(true));

const report = (id: string) => api.post('/api/events', { id, category: 'dispute', description: `秘密描述 ${id}`, location: { lon: 120.005, lat: 30.005 } });

describe('ending a user\'s sessions ends their open streams at once', () => {
  it.each([
    { name: 'disabling them', change: { disabled: true } },
    { name: 'a new password', change: { password: 'a brand new passphrase 1' } },
    { name: 'signing them out everywhere', change: { sign_out: true } },
  ])('$name ends their event and change streams; nothing after it reaches them', async ({ change }) => {
    const who = await newDispatcher();
    const events = await openStream(api.url, '/api/events/stream', who.authorization);
    const changes = await openStream(api.url, '/api/changes/stream', who.authorization);
    expect([events.res.status, changes.res.status]).toEqual([200, 200]);
    const id = `before-${who.username}`;
    expect((await report(id)).status).toBe(201);
    // The stream works until then.
    const deadline = Date.now() + 10_000;
    while (!events.received().includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(events.received()).toContain(id);

    const res = await api.request(`/api/users/${who.username}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(change) });
    expect(res.status).toBe(200);
    await endsWithin(events.ended, 2000, 'the event stream');
    await endsWithin(changes.ended, 2000, 'the change stream');
    await report(`after-${who.username}`);
    expect(events.received()).not.toContain(`after-${who.username}`);
    // And it cannot come back with the old token.
    expect((await fetch(`${api.url}/api/events/stream`, { headers: { authorization: who.authorization } })).status).toBe(401);
  });

  it('revoking a grant ends the streams opened under it; other users\' streams stay open', async () => {
    const who = await newDispatcher();
    const other = await newDispatcher();
    const mine = await openStream(api.url, '/api/events/stream', who.authorization);
    const theirs = await openStream(api.url, '/api/events/stream', other.authorization);
    const user = await (await api.get(`/api/users/${who.username}`)).json();
    const res = await api.request(`/api/users/${who.username}/grants/${user.grants[0].id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    await endsWithin(mine.ended, 2000, 'the stream of the revoked grant');
    const id = `still-${other.username}`;
    await report(id);
    const deadline = Date.now() + 10_000;
    while (!theirs.received().includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(theirs.received()).toContain(id);
    theirs.close();
    await theirs.ended;
  });
});

describe('signing out one token (POST /api/auth/logout)', () => {
  const logout = (authorization: string, base = api.url) => fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { authorization } });

  it('refuses that token at once and ends its streams; the same user\'s other token and its stream go on', async () => {
    const who = await newDispatcher();
    const phone = `Bearer ${(await login(t.db, who.username, TEST_PASSWORD)).token}`;
    const desk = await openStream(api.url, '/api/events/stream', who.authorization);
    const onPhone = await openStream(api.url, '/api/events/stream', phone);
    expect([desk.res.status, onPhone.res.status]).toEqual([200, 200]);
    expect((await fetch(`${api.url}/api/auth/me`, { headers: { authorization: who.authorization } })).status).toBe(200);

    expect((await logout(who.authorization)).status).toBe(204);
    await endsWithin(desk.ended, 2000, 'the signed-out token\'s stream');
    expect((await fetch(`${api.url}/api/auth/me`, { headers: { authorization: who.authorization } })).status).toBe(401);
    expect((await fetch(`${api.url}/api/events/stream`, { headers: { authorization: who.authorization } })).status).toBe(401);

    const id = `phone-${who.username}`;
    expect((await report(id)).status).toBe(201);
    const deadline = Date.now() + 10_000;
    while (!onPhone.received().includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(onPhone.received()).toContain(id);
    expect((await fetch(`${api.url}/api/auth/me`, { headers: { authorization: phone } })).status).toBe(200);
    onPhone.close();
    await onPhone.ended;
  });

  it('ends a stream when the token it was opened with expires', async () => {
    const username = `expiring-${++users}`;
    const user = await createUser(t.db, 'test', { username, password: TEST_PASSWORD, grants: [{ role: 'dispatcher', areaCode: 'T' }] });
    const { token } = await issueToken(t.db, user.id, username, 0, 2);
    const stream = await openStream(api.url, '/api/events/stream', `Bearer ${token}`);
    expect(stream.res.status).toBe(200);
    await endsWithin(stream.ended, 6000, 'the stream of a token 2 s from expiry');
    expect((await fetch(`${api.url}/api/events/stream`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});

describe('streams are capped per user and per address', () => {
  let base: string;
  let server: Server;
  beforeAll(async () => {
    const app = createApp(t.db, { bodyLimit: '1mb', streamsPerUser: 2, streamsPerAddress: 3 });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses a user\'s stream beyond the cap with a 429 that says so, and admits one again once one closes', async () => {
    const who = await newDispatcher();
    const first = await openStream(base, '/api/events/stream', who.authorization);
    const second = await openStream(base, '/api/changes/stream', who.authorization);
    const third = await openStream(base, '/api/events/stream', who.authorization);
    expect([first.res.status, second.res.status, third.res.status]).toEqual([200, 200, 429]);
    expect((await third.res.json()).message).toMatch(/2 streams open already.*GRIDWORK_STREAMS_PER_USER/);
    first.close();
    await first.ended;
    const deadline = Date.now() + 5000;
    let again = await openStream(base, '/api/events/stream', who.authorization);
    while (again.res.status === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      again = await openStream(base, '/api/events/stream', who.authorization);
    }
    expect(again.res.status).toBe(200);
    for (const s of [second, again]) {
      s.close();
      await s.ended;
    }
  });

  it('refuses streams from one address beyond its cap, whoever asks', async () => {
    const opened = [];
    for (let i = 0; i < 3; i++) opened.push(await openStream(base, '/api/events/stream', (await newDispatcher()).authorization));
    expect(opened.map((s) => s.res.status)).toEqual([200, 200, 200]);
    const fourth = await openStream(base, '/api/changes/stream', (await newDispatcher()).authorization);
    expect(fourth.res.status).toBe(429);
    expect((await fourth.res.json()).message).toMatch(/from your address.*GRIDWORK_STREAMS_PER_ADDRESS/);
    for (const s of opened) {
      s.close();
      await s.ended;
    }
    const deadline = Date.now() + 5000;
    while (openStreamCount(t.db) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(openStreamCount(t.db)).toBe(0);
  });
});

/**
 * A sign-out everywhere means everywhere: a stream held by another service process on the same
 * PostGIS server ends too (told over LISTEN/NOTIFY). The other process is a second pool of its own
 * with its own app, as a second service process would be.
 */
describe.skipIf(!process.env.DATABASE_URL)('streams held by another process (PostGIS server; the embedded database is held by one process)', () => {
  let other: Db;
  let otherUrl: string;
  let otherServer: Server;
  beforeAll(async () => {
    other = await openDatabase(t.location);
    const app = createApp(other, { bodyLimit: '1mb' });
    otherServer = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    otherUrl = `http://127.0.0.1:${(otherServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => otherServer?.close(() => r()));
    await other?.close();
  });

  it('disabling a user here ends their streams there at once', async () => {
    const who = await newDispatcher();
    const there = await openStream(otherUrl, '/api/events/stream', who.authorization);
    const changes = await openStream(otherUrl, '/api/changes/stream', who.authorization);
    expect([there.res.status, changes.res.status]).toEqual([200, 200]);
    const res = await api.request(`/api/users/${who.username}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    expect(res.status).toBe(200);
    await endsWithin(there.ended, 3000, 'the other process\'s event stream');
    await endsWithin(changes.ended, 3000, 'the other process\'s change stream');
  });

  it('signing a token out here ends its stream there, and there it is refused at once', async () => {
    const who = await newDispatcher();
    expect((await fetch(`${otherUrl}/api/auth/me`, { headers: { authorization: who.authorization } })).status).toBe(200); // verified and kept there
    const there = await openStream(otherUrl, '/api/events/stream', who.authorization);
    expect(there.res.status).toBe(200);
    expect((await fetch(`${api.url}/api/auth/logout`, { method: 'POST', headers: { authorization: who.authorization } })).status).toBe(204);
    await endsWithin(there.ended, 3000, 'the other process\'s stream of the signed-out token');
    expect((await fetch(`${otherUrl}/api/auth/me`, { headers: { authorization: who.authorization } })).status).toBe(401);
  });
});
