import type { Queryable } from '../db.ts';

/** New assignments for stored points, in parallel arrays. */
export interface PointAssignmentUpdate {
  regions: string[];
  ids: string[];
  cellIds: (number | null)[];
  statuses: string[];
  /** For ambiguous points, every cell holding them as a Postgres array literal ('{3,9}'); else null. */
  candidates: (string | null)[];
}

const BATCH = 50_000;

/** Writes assignments in batches of one `unnest` each; returns the rows written. */
export async function updatePointAssignments(db: Queryable, table: 'household' | 'facility', u: PointAssignmentUpdate): Promise<number> {
  let written = 0;
  for (let i = 0; i < u.ids.length; i += BATCH) {
    const part = (xs: unknown[]) => xs.slice(i, i + BATCH);
    // The table name is one of two literals, never user input.
    const [r] = await db.query<{ n: number }>(
      `with written as (
         update ${table} p set cell_id = u.cell_id, assignment = u.status, cell_candidates = u.candidates::int[]
           from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[]) as u(region, id, cell_id, status, candidates)
          where p.region = u.region and p.id = u.id
         returning 1)
       select count(*)::int as n from written`,
      [part(u.regions), part(u.ids), part(u.cellIds), part(u.statuses), part(u.candidates)],
    );
    written += r.n;
  }
  return written;
}
