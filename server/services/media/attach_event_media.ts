import type { Db } from '../../db/db.ts';
import { insertAudit } from '../../db/queries/insert_audit.ts';
import { insertEventMedia } from '../../db/queries/insert_event_media.ts';
import type { EventRow } from '../../db/queries/event_row.ts';

/**
 * Adds photos to an event already reported (附加到已有事件: a second worker found the same thing
 * and sends their photos to it instead of a duplicate), with an audit entry, in one transaction.
 * Photos it already holds are skipped, so a retry changes nothing. Returns the ids added.
 */
export async function attachEventMedia(db: Db, event: Pick<EventRow, 'region' | 'id' | 'cell_code'>, mediaIds: readonly string[], actor: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const added = await insertEventMedia(tx, event, mediaIds, null);
    if (added.length > 0) {
      await insertAudit(tx, { actor, action: 'event.attach_media', entity: 'event', entityId: event.id, areaCode: event.cell_code, after: { media: added } });
    }
    return added;
  });
}
