import type { Queryable } from '../db.ts';

/** Keeps a proposal so the planner can open it later; returns its id. */
export async function insertSizingProposal(db: Queryable, p: { region: string; root: string; kind: string; seed: string; document: unknown }): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `insert into sizing_proposal (region, root, kind, seed, document)
     values ($1::text, $2::text, $3::text, $4::text, $5::jsonb) returning id`,
    [p.region, p.root, p.kind, p.seed, JSON.stringify(p.document)],
  );
  return row.id;
}
