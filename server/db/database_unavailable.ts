// PostgreSQL SQLSTATEs of a lost server: connection exceptions (class 08), and the server shutting
// down, crashing or still starting (57P01–57P03).
const CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '08007', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
// What node-postgres says when the socket goes away under it (these errors carry no code).
const MESSAGES = /Connection terminated|connection error|Client was closed|timeout exceeded when trying to connect|Cannot use a pool after calling end/i;

/**
 * True when `err` (or an error it wraps as `cause`) says the database server is unreachable,
 * rather than that the statement was wrong: the request may be retried once the server is back.
 *
 * @example isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })) // → true
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CODES.has(code)) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
  }
  return false;
}
