import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Db } from '../../server/db/db.ts';
import { createApp } from '../../server/app.ts';
import type { Config } from '../../server/config.ts';
import type { Role } from '../../server/domain/access/permissions.ts';
import { selectUsers } from '../../server/db/queries/select_users.ts';
import { createUser } from '../../server/services/auth/manage_users.ts';
import { login } from '../../server/services/auth/login.ts';

export interface TestServer {
  url: string;
  /** The bearer token the helpers send unless told otherwise (an administrator's), or null. */
  token: string | null;
  /** fetch() against the server as the default user; `headers` adds to or replaces its Authorization. */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** A user with one role (at `areaCode`, or everywhere when null) and the header that signs in as them. */
  userWith(role: Role, areaCode: string | null, options?: { canPublish?: boolean }): Promise<{ username: string; authorization: string }>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-1';

/**
 * The app on an ephemeral port over `db`. Its helpers sign in as an administrator unless
 * `signedIn: false`, so tests of a route's behaviour need not repeat the sign-in; access tests
 * make users of each role with `userWith`.
 */
export async function startTestServer(db: Db, options: { loginLimitPerMinute?: number; signedIn?: boolean; config?: Partial<Config> } = {}): Promise<TestServer> {
  // The tests' server is the embedded demo's: the documented Open311 demo key works.
  const app = createApp(db, { bodyLimit: '50mb', loginLimitPerMinute: options.loginLimitPerMinute ?? 1000, open311DemoKey: true, ...options.config });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const userWith: TestServer['userWith'] = async (role, areaCode, opts = {}) => {
    const username = `test-${role}-${areaCode ?? 'all'}${opts.canPublish ? '-publish' : ''}`.replace(/_/g, '-');
    if (!(await selectUsers(db, username)).length) {
      await createUser(db, 'test', { username, password: TEST_PASSWORD, displayName: username, grants: [{ role, areaCode, canPublish: opts.canPublish }] });
    }
    const { token } = await login(db, username, TEST_PASSWORD);
    return { username, authorization: `Bearer ${token}` };
  };
  const token = options.signedIn === false ? null : (await userWith('admin', null)).authorization.slice('Bearer '.length);
  const withAuth = (headers: HeadersInit | undefined): Headers => {
    const h = new Headers(headers);
    if (token && !h.has('authorization')) h.set('authorization', `Bearer ${token}`);
    return h;
  };
  const request = (p: string, init: RequestInit = {}) => fetch(url + p, { ...init, headers: withAuth(init.headers) });
  return {
    url,
    token,
    request,
    userWith,
    get: (p, headers) => request(p, { headers }),
    post: (p, body, headers = {}) =>
      request(p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
