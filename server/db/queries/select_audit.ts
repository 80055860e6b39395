import type { Queryable } from '../db.ts';

export interface AuditFilter {
  actor?: string;
  action?: string;
  entity?: string;
  /** Entries about this area or anything under it. */
  area?: string;
  from?: string;
  to?: string;
  limit?: number;
  /** Entries with an id below this, for paging backwards. */
  before?: number;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  area_code: string | null;
  /** The area's name now (null when none, or the area is gone), for people reading the log. */
  area_name: string | null;
  before: unknown;
  after: unknown;
}

/** Audit entries, newest first. */
export async function selectAudit(db: Queryable, f: AuditFilter): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `select l.id, l.at, l.actor, l.action, l.entity, l.entity_id, l.area_code, n.name as area_name, l.before, l.after
       from audit_log l
       left join area n on n.code = l.area_code
      where ($1::text is null or l.actor = $1::text)
        and ($2::text is null or l.action = $2::text)
        and ($3::text is null or l.entity = $3::text)
        and ($4::text is null or l.area_code = $4::text
             or exists (select 1 from area a where a.code = l.area_code and $4::text = any(string_to_array(a.path, '/'))))
        and ($5::timestamptz is null or l.at >= $5::timestamptz)
        and ($6::timestamptz is null or l.at < $6::timestamptz)
        and ($8::bigint is null or l.id < $8::bigint)
      order by l.id desc
      limit $7::int`,
    [f.actor ?? null, f.action ?? null, f.entity ?? null, f.area ?? null, f.from ?? null, f.to ?? null, f.limit ?? 100, f.before ?? null],
  );
}
