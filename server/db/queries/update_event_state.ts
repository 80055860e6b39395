import type { Queryable } from '../db.ts';
import type { EventAction, EventState } from '../../domain/events/event_types.ts';

/**
 * Writes an event's new state and logs the transition that made it, in one statement (atomic,
 * one round trip), but only if the event is still in the state `from` the caller read: a
 * compare-and-set, so that two people acting on one event at once cannot both win. Returns the
 * log row's seq, or null when the event moved in between (read it again and retry).
 *
 * The log insert joins the advisory lock that insert_event.ts explains: seq order is commit order.
 * `clientId` (the phone's id for the step) goes into the log, where a unique index refuses it a
 * second time; `media` (photo ids) are linked to the event with the step's seq, in the statement.
 */
export async function updateEventState(
  db: Queryable,
  key: { region: string; id: string },
  from: Pick<EventState, 'status' | 'level' | 'assignee' | 'updatedAt'>,
  state: EventState,
  step: { action: EventAction; note: string | null; by: string; at: string; actor?: string; areaCode?: string | null; clientId?: string | null; media?: readonly string[] },
): Promise<number | null> {
  const [row] = await db.query<{ seq: number }>(
    `with upd as (
       update event set status = $3::text, level = $4::text, assignee = $5::text, due_at = $6::timestamptz,
                        suspended_from = $7::text, suspended_at = $8::timestamptz, closed_at = $9::timestamptz,
                        updated_at = $10::timestamptz
        where region = $1::text and id = $2::text
          and status = $12::text and level = $13::text and assignee is not distinct from $16::text and updated_at = $17::timestamptz
       returning region, id),
     lock as (select pg_advisory_xact_lock(7346004) as locked),
     -- The audit entry commits with the transition, in the same statement.
     audit as (
       insert into audit_log (actor, action, entity, entity_id, area_code, before, after)
       select $18::text, 'event.' || $11::text, 'event', upd.id, $19::text,
              jsonb_build_object('status', $12::text, 'level', $13::text, 'assignee', $16::text),
              jsonb_build_object('status', $3::text, 'level', $4::text, 'assignee', $5::text, 'due_at', $6::timestamptz, 'note', $14::text, 'by', $15::text)
         from upd),
     log as (
       insert into event_log (region, event_id, action, from_status, to_status, from_level, to_level, assignee, due_at, note, by, at, client_id)
       select upd.region, upd.id, $11::text, $12::text, $3::text, $13::text, $4::text, $5::text, $6::timestamptz, $14::text, $15::text, $10::timestamptz, $20::text
         from upd, lock
       returning seq, region, event_id),
     media_link as (
       insert into event_media (region, event_id, media_id, seq, sort)
       select log.region, log.event_id, m.id, log.seq,
              coalesce((select max(sort) from event_media where event_id = log.event_id), -1) + m.ord
         from log cross join unnest($21::text[]) with ordinality as m(id, ord)
       on conflict (event_id, media_id) do nothing)
     select seq from log`,
    [
      key.region, key.id, state.status, state.level, state.assignee, state.dueAt, state.suspendedFrom, state.suspendedAt,
      state.closedAt, state.updatedAt, step.action, from.status, from.level, step.note, step.by, from.assignee, from.updatedAt,
      step.actor ?? step.by, step.areaCode ?? null, step.clientId ?? null, step.media ?? [],
    ],
  );
  return row?.seq ?? null;
}
