import type { ErrorRequestHandler } from 'express';
import { ValidationError } from '../errors.ts';

const STATUS: Record<string, number> = {
  ValidationError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  NotFoundError: 404,
  ConflictError: 409,
};

/**
 * Our errors become their status codes with their message; body-parser's own errors (bad JSON, a
 * body too large) keep their 4xx status; anything else is logged and answered with a bare 500.
 */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const status = STATUS[err?.name] ?? (typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500);
  if (status === 500) {
    console.error(err);
    res.status(500).json({ error: 'InternalError', message: 'The server failed to answer; the error is in its log.' });
    return;
  }
  const name = STATUS[err.name] ? err.name : err.type === 'entity.too.large' ? 'PayloadTooLarge' : 'BadRequest';
  const message = err.type === 'entity.parse.failed' ? `The body is not valid JSON: ${err.message}` : err.message;
  res.status(status).json({ error: name, message, ...(err instanceof ValidationError ? { problems: err.problems } : {}) });
};
