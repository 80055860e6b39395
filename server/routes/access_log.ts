import type { RequestHandler } from 'express';

/**
 * One line per finished request on stdout (GRIDWORK_ACCESS_LOG=1): method, path and query,
 * status, milliseconds. It runs after `takeUrlKey`, so a key sent in the URL is never written;
 * headers (Authorization, cookies) are never written either.
 */
export function accessLog(write: (line: string) => void = (l) => console.log(l)): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const url = req.originalUrl;
    res.on('finish', () => write(`${new Date().toISOString()} ${req.method} ${url} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`));
    next();
  };
}
