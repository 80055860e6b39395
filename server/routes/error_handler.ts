import type { ErrorRequestHandler } from 'express';
import { ConflictError, PayloadTooLargeError, TooManyRequestsError, ValidationError } from '../errors.ts';
import { isDatabaseUnavailable } from '../db/database_unavailable.ts';
import { jsonErrorPosition } from './json_error_position.ts';

const STATUS: Record<string, number> = {
  ValidationError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  TimeLimitError: 503,
};

/** Names of the 4xx statuses raised by body parsers and our own guards (content type, depth). */
const NAMES: Record<number, string> = { 400: 'BadRequest', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 429: 'TooManyRequests' };

/**
 * Our errors become their status codes with their message; body-parser's own errors keep their
 * 4xx status with a message saying what to fix (bad JSON names the position, a body too large
 * names the limit); a lost database is a 503 the client may retry; anything else is logged and
 * answered with a bare 500.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (isDatabaseUnavailable(err)) {
    // A restart or failover: the statement did not complete (a transaction rolled back), so a
    // retry is safe for idempotent requests; writes with an idempotency key are safe too.
    console.warn(`database unavailable: ${err?.message ?? err}`);
    res.status(503).set('Retry-After', '2').json({ error: 'ServiceUnavailable', message: 'The database is unavailable (restarting?); retry in a few seconds.' });
    return;
  }
  const status = STATUS[err?.name] ?? (typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500);
  if (status === 500) {
    console.error(err);
    res.status(500).json({ error: 'InternalError', message: 'The server failed to answer; the error is in its log.' });
    return;
  }
  const name = STATUS[err.name] ? err.name : (NAMES[status] ?? 'BadRequest');
  if (res.headersSent) return void res.end(); // an answer cut short: nothing more can be said
  if (err?.name === 'ClientGone') return void res.end(); // heavy work stopped because nobody waits for it
  if (err instanceof TooManyRequestsError) res.set('Retry-After', String(err.retryAfter));
  if (status === 401) res.set('WWW-Authenticate', authChallenge(req));
  const problems = err instanceof ValidationError || err instanceof PayloadTooLargeError || (err instanceof ConflictError && err.problems.length) ? { problems: err.problems } : {};
  res.status(status).json({ error: name, message: messageOf(err), ...problems, ...jsonPosition(err) });
};

function messageOf(err: { type?: string; message: string; limit?: number; length?: number; body?: string }): string {
  if (err.type === 'entity.parse.failed') {
    const at = jsonPosition(err);
    const where = at.position === undefined ? '' : ` at character ${at.position} (line ${at.line}, column ${at.column})`;
    return `The body is not valid JSON${where}: ${err.message}. Send one JSON object or array.`;
  }
  if (err.type === 'entity.too.large') {
    return `The body is ${err.length ?? 'more than'} bytes, over this route's limit of ${err.limit} bytes. Send a smaller request (split an import), or raise GRIDWORK_BODY_LIMIT / GRIDWORK_JSON_LIMIT.`;
  }
  return err.message;
}

/** Where the JSON went wrong: from JSON.parse's message when it says, else found by scanning the text. */
function jsonPosition(err: { type?: string; message: string; body?: string }): { position?: number; line?: number; column?: number } {
  if (err.type !== 'entity.parse.failed') return {};
  const body = typeof err.body === 'string' ? err.body : '';
  const m = /position (\d+)/.exec(err.message);
  const position = m ? Number(m[1]) : (jsonErrorPosition(body) ?? undefined);
  if (position === undefined) return {};
  const before = body.slice(0, position);
  const line = before.split('\n').length;
  return { position, line, column: position - before.lastIndexOf('\n') };
}

/**
 * The 401's challenge: a bearer token or key; and HTTP Basic (a key as the password) for GIS
 * clients — but not to the web app's own scripts (Sec-Fetch-Dest: empty), where a Basic
 * challenge would make the browser pop up its login box over the sign-in page.
 */
function authChallenge(req: { headers: Record<string, string | string[] | undefined> }): string {
  const bearer = 'Bearer realm="Gridwork"';
  return req.headers['sec-fetch-dest'] === 'empty' ? bearer : `${bearer}, Basic realm="Gridwork", charset="UTF-8"`;
}
