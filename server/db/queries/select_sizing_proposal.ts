import type { Queryable } from '../db.ts';

/** A kept proposal's document with its id and time, or null. */
export async function selectSizingProposal(db: Queryable, id: number): Promise<Record<string, unknown> | null> {
  const [row] = await db.query<{ document: Record<string, unknown>; id: number; created_at: string }>(
    'select id, document, created_at::text from sizing_proposal where id = $1::int',
    [id],
  );
  return row ? { ...row.document, id: row.id, created_at: row.created_at } : null;
}
