import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Db } from '../../server/db/db.ts';
import { createApp } from '../../server/app.ts';

export interface TestServer {
  url: string;
  /** fetch() against the server, with JSON helpers. */
  get(path: string): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** The app on an ephemeral port over `db`. */
export async function startTestServer(db: Db, options: { loginLimitPerMinute?: number } = {}): Promise<TestServer> {
  const app = createApp(db, { bodyLimit: '50mb', loginLimitPerMinute: options.loginLimitPerMinute ?? 1000 });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get: (p) => fetch(url + p),
    post: (p, body, headers = {}) =>
      fetch(url + p, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
