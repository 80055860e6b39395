/** The messages between pglite_db.ts (the main thread) and pglite_worker.ts (the worker). */
export type PgliteRequest =
  | { id: number; op: 'query'; sql: string; params?: unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/** The answer to request `id`; id 0 is the worker saying it is ready, or why it could not open. */
export type PgliteResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  /** PostgreSQL's fields (code, detail, constraint, position …), which structured cloning drops. */
  fields: Record<string, unknown>;
}

const FIELDS = ['code', 'detail', 'hint', 'position', 'schema', 'table', 'column', 'dataType', 'constraint', 'severity', 'where'];

export function serializeError(err: unknown): SerializedError {
  const e = (err ?? {}) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const f of FIELDS) if (e[f] !== undefined && e[f] !== null) fields[f] = e[f];
  return { name: typeof e.name === 'string' ? e.name : 'Error', message: typeof e.message === 'string' ? e.message : String(err), fields };
}

/** The error again on this side, with PostgreSQL's fields on it as the driver had them. */
export function deserializeError(s: SerializedError): Error {
  const err = Object.assign(new Error(s.message), s.fields);
  err.name = s.name;
  return err;
}
