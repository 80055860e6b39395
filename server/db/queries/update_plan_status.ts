import type { Queryable } from '../db.ts';

/** Ends a draft: published (with its version) or discarded. Bumps rev so stale tabs get a 409. */
export async function updatePlanStatus(db: Queryable, id: number, status: 'published' | 'discarded', version: number | null): Promise<void> {
  await db.query(
    `update plan set status = $2::text, published_version = $3::int, rev = rev + 1, updated_at = now() where id = $1::int`,
    [id, status, version],
  );
}
