/**
 * A small vocabulary for writing the OpenAPI 3.0 document by hand, one resource a file: the
 * document stays readable and every operation names its parameters and answers.
 */
export type Schema = Record<string, unknown>;
export type Operation = Record<string, unknown>;
export type PathItem = Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>;
export type Paths = Record<string, PathItem>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** A query parameter. `type` is a JSON Schema type, or a full schema. */
export function query(name: string, description: string, type: string | Schema = 'string', required = false): Schema {
  return { name, in: 'query', required, description, schema: typeof type === 'string' ? { type } : type };
}

export function path(name: string, description: string, type: string | Schema = 'string'): Schema {
  return { name, in: 'path', required: true, description, schema: typeof type === 'string' ? { type } : type };
}

const json = (schema: Schema, mediaType = 'application/json') => ({ content: { [mediaType]: { schema } } });

/** A JSON (or other) response. */
export function ok(description: string, schema: Schema = { type: 'object' }, mediaType = 'application/json'): Schema {
  return { description, ...json(schema, mediaType) };
}

/** The error answers every operation may give, by status. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 429)[]): Record<string, Schema> {
  const text: Record<number, string> = {
    400: 'The input is wrong: the message and `problems` say where and what',
    401: 'Sign in first (Authorization: Bearer TOKEN)',
    403: "The caller's roles do not allow it",
    404: 'Nothing by that code or id',
    409: 'It conflicts with what is stored',
    413: 'The body is larger than the server accepts',
    415: 'The body (or the file in it) is of a type this route does not read',
    429: 'Too many attempts: wait and retry',
  };
  return Object.fromEntries(statuses.map((s) => [String(s), { description: text[s], ...json(ref('Error')) }]));
}

/** A request body. */
export function body(description: string, schema: Schema = { type: 'object' }, mediaTypes: string[] = ['application/json']): Schema {
  return { required: true, description, content: Object.fromEntries(mediaTypes.map((m) => [m, { schema }])) };
}

export const paging = [query('limit', 'At most this many', 'integer'), query('offset', 'Skip this many', 'integer')];
export const bbox = query('bbox', 'west,south,east,north in degrees (WGS84)', { type: 'string', example: '120.08,29.30,120.09,29.31' });
