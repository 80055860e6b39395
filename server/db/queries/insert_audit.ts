import type { Queryable } from '../db.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  areaCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one entry to the audit log; call it in the transaction that makes the change. */
export async function insertAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query(
    `insert into audit_log (actor, action, entity, entity_id, area_code, before, after)
     values ($1::text, $2::text, $3::text, $4::text, $5::text, $6::jsonb, $7::jsonb)`,
    [e.actor, e.action, e.entity, e.entityId ?? null, e.areaCode ?? null, e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after)],
  );
}
