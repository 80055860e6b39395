import type { RequestHandler } from 'express';
import { ValidationError } from '../errors.ts';

/**
 * Refuses a NUL character (U+0000) anywhere in the path, the query or a JSON body's strings with
 * a 400 naming where it is. PostgreSQL text cannot hold one: left in, any parameter carrying it
 * fails in the database as a 500 instead of telling the client what was wrong.
 */
export function refuseNul(): RequestHandler {
  return (req, _res, next) => {
    let path: string;
    try {
      path = decodeURIComponent(req.url);
    } catch {
      throw new ValidationError('The URL is not valid percent-encoding: encode parameters with encodeURIComponent.', [{ field: 'url', problem: 'malformed percent-encoding' }]);
    }
    if (path.includes('\u0000')) throw new ValidationError('The URL holds a NUL character (%00): remove it.', [{ field: 'url', problem: 'NUL character' }]);
    if (typeof req.body === 'string' && req.body.includes('\u0000')) throw new ValidationError('The body holds a NUL character: remove it.', [{ field: 'body', problem: 'NUL character' }]);
    if (req.body !== null && typeof req.body === 'object') {
      const at = nulAt(req.body, 'body');
      if (at) throw new ValidationError(`Invalid body field "${at}": it holds a NUL character (\\u0000); remove it.`, [{ field: at, problem: 'NUL character' }]);
    }
    next();
  };
}

/** The path of the first string (key or value) holding a NUL, or null. Iterative: bodies may be large. */
function nulAt(root: unknown, name: string): string | null {
  const stack: [unknown, string][] = [[root, name]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return at;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], `${at}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return `${at}.${k}`;
        stack.push([x, `${at}.${k}`]);
      }
    }
  }
  return null;
}
