import type { Check, Diff, EditOp, EditResult, Plan, PublishResult } from './plan_types.ts';

/** An answer other than 2xx from the planner API, with what the server said. */
export class PlanApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: { index?: number; code?: string; field?: string; problem: string }[] = [],
  ) {
    super(message);
    this.name = 'PlanApiError';
  }

  /** A 409: the draft changed under us (stale revision), a locked cell, or a publish conflict. */
  get conflict(): boolean {
    return this.status === 409;
  }
}

async function call<T>(url: string, init: RequestInit = {}): Promise<{ body: T; etag: string | null }> {
  const res = await fetch(url, init);
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new PlanApiError(res.status, body.message ?? `${res.status} ${res.statusText}`, body.problems ?? []);
  }
  return { body: (await res.json()) as T, etag: res.headers.get('etag') };
}

const json = (method: string, body: unknown, rev?: Plan['rev']): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...(rev !== undefined ? { 'if-match': `"${rev}"` } : {}) },
  body: JSON.stringify(body),
});

const base = (id: Plan['id']) => `/api/plans/${encodeURIComponent(String(id))}`;

/** The planner API as the page calls it; every edit carries the revision it was made on (If-Match). */
export const planClient = {
  list: async (root: string) => (await call<{ plans: Plan[] }>(`/api/plans?root=${encodeURIComponent(root)}`)).body.plans,
  get: async (id: Plan['id']) => (await call<Plan>(base(id))).body,
  create: async (root: string, name: string) => (await call<Plan>('/api/plans', json('POST', { root, name }))).body,
  importCsv: async (root: string, name: string, csv: string | Blob) =>
    (
      await call<Plan>(`/api/plans/import?root=${encodeURIComponent(root)}&name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: csv,
      })
    ).body,
  discard: async (id: Plan['id']) => {
    const res = await fetch(base(id), { method: 'DELETE' });
    if (!res.ok) throw new PlanApiError(res.status, (await res.json().catch(() => ({}))).message ?? res.statusText);
  },
  areas: async (id: Plan['id'], level: string) =>
    (await call<GeoJSON.FeatureCollection>(`${base(id)}/areas?level=${encodeURIComponent(level)}`)).body,
  edit: async (plan: Plan, op: EditOp) => (await call<EditResult>(`${base(plan.id)}/edits`, json('POST', op, plan.rev))).body,
  undo: async (plan: Plan) => (await call<EditResult>(`${base(plan.id)}/undo`, json('POST', {}, plan.rev))).body,
  redo: async (plan: Plan) => (await call<EditResult>(`${base(plan.id)}/redo`, json('POST', {}, plan.rev))).body,
  /** The live check of `codes`; `problems: false` asks for tallies and sizing only (no coverage check). */
  check: async (id: Plan['id'], codes: string[], options: { problems?: boolean } = {}) => {
    const q = new URLSearchParams();
    if (codes.length) q.set('codes', codes.join(','));
    if (options.problems === false) q.set('problems', 'false');
    return (await call<Check>(`${base(id)}/check${q.size ? `?${q}` : ''}`)).body;
  },
  diff: async (id: Plan['id']) => (await call<Diff>(`${base(id)}/diff`)).body,
  publish: async (plan: Plan, reason: string) => (await call<PublishResult>(`${base(plan.id)}/publish`, json('POST', { reason }, plan.rev))).body,
  exportUrl: (id: Plan['id'], format: 'geojson' | 'csv') => `${base(id)}/export?format=${format}`,
};
