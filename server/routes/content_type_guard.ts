import type { RequestHandler } from 'express';

/** Media types a route documented as taking the first one also reads (the CSV body parser takes all three). */
const ALSO_ACCEPTED: Record<string, string[]> = {
  'text/csv': ['application/csv', 'text/plain'],
  'application/json': ['application/geo+json', 'application/vnd.geo+json'],
  'application/geo+json': ['application/vnd.geo+json'],
};

/** The media types a route reads, given those its OpenAPI requestBody documents. */
export function acceptedTypes(documented: readonly string[]): Set<string> {
  return new Set(documented.flatMap((t) => [t, ...(ALSO_ACCEPTED[t] ?? [])]));
}

interface Operation {
  method: string;
  pattern: RegExp;
  path: string;
  types: Set<string>;
}

/**
 * Refuses a write whose body comes in a media type the route does not read, with a 415 that
 * names the types it does. What each route reads comes from the OpenAPI document (its
 * requestBody content), so a new route is covered as soon as it is documented. Without this a
 * body in an unread type is silently dropped, and the route answers a puzzling "body missing".
 */
export function contentTypeGuard(openapi: { paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>> }): RequestHandler {
  const operations: Operation[] = [];
  for (const [path, ops] of Object.entries(openapi.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op?.requestBody?.content;
      if (!content) continue;
      const types = acceptedTypes(Object.keys(content));
      const pattern = new RegExp(`^${path.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
      operations.push({ method: method.toUpperCase(), pattern, path, types });
    }
  }
  return (req, _res, next) => {
    if (!hasBody(req.headers)) return next();
    const op = operations.find((o) => o.method === req.method && o.pattern.test(req.path));
    if (!op) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (op.types.has(type)) return next();
    const expected = [...op.types].join(', ');
    const err = new Error(
      type
        ? `${req.method} ${op.path} does not read ${type}: send the body as ${expected} (Content-Type header).`
        : `${req.method} ${op.path} got a body without a Content-Type: send it as ${expected}.`,
    );
    next(Object.assign(err, { status: 415, type: 'unsupported.media.type' }));
  };
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}
