import type { Db } from '../db/db.ts';
import { selectEvent } from '../db/queries/select_event.ts';
import { selectEventLogByClientId } from '../db/queries/select_event_log_by_client_id.ts';
import { updateEventState } from '../db/queries/update_event_state.ts';
import type { EventRow } from '../db/queries/event_row.ts';
import { applyEventAction } from '../domain/events/apply_event_action.ts';
import type { EventAction, EventLevel, EventState } from '../domain/events/event_types.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { publishEventFeed } from './event_feed.ts';
import { emitPointsChanged } from './point_changes.ts';
import { eventRules } from './event_rules.ts';
import { eventView, type EventView } from './event_view.ts';

export interface TransitionInput {
  action: EventAction;
  /** A level, for dispatch, escalate and send_down. */
  to?: EventLevel | null;
  assignee?: string | null;
  note?: string | null;
  /** Who did it. */
  by: string;
  /** The signed-in user who sent it, for the audit log; `by` when absent. */
  actor?: string;
  /** The client's id for this step (a phone's outbox): sent again, it is answered, not applied again. */
  client_id?: string | null;
  /** Photos of the step (a resolved event's result), by id; the caller checked they may use them. */
  media?: string[];
}

/** The lifecycle state held in an event row. */
export function stateOfRow(row: EventRow): EventState {
  return {
    category: row.category, severity: row.severity, status: row.status, level: row.level, assignee: row.assignee,
    dueAt: row.due_at, suspendedFrom: row.suspended_from, suspendedAt: row.suspended_at,
    reportedAt: row.reported_at, updatedAt: row.updated_at, closedAt: row.closed_at,
  };
}

/**
 * Moves an event one step through its loop, if the rules allow it, and logs who did what and
 * when, atomically. A step not allowed from the current status is
 * a 409 that names the status and the allowed actions; an incomplete step (a dispatch with no
 * assignee) is a 400. Nothing is written either way. The write is one compare-and-set statement.
 */
export async function transitionEvent(db: Db, id: string, input: TransitionInput): Promise<{ event: EventView; seq: number; replayed: boolean }> {
  const rules = await eventRules(db);
  // A step sent again under its client id (the answer was lost, the phone's outbox retried): the
  // event as it is now, and the seq the step got the first time.
  const replay = async (): Promise<{ event: EventView; seq: number; replayed: true } | null> => {
    if (!input.client_id) return null;
    const seq = await selectEventLogByClientId(db, id, input.client_id);
    const row = seq === undefined ? undefined : await selectEvent(db, id);
    return seq !== undefined && row ? { event: eventView(row), seq, replayed: true } : null;
  };
  const before = await replay();
  if (before) return before;
  // Read, decide, then write only if nobody moved the event in between; else decide again.
  for (let attempt = 0; ; attempt++) {
    const row = await selectEvent(db, id);
    if (!row) throw new NotFoundError(`No event has id "${id}".`);
    const at = new Date().toISOString();
    const from = stateOfRow(row);
    const result = applyEventAction(from, { ...input, at }, rules.deadlines);
    if (!result.ok) {
      const message = `Event "${id}" (status ${row.status}, level ${row.level}): ${result.problem}.`;
      if (result.kind === 'illegal') throw new ConflictError(message);
      throw new ValidationError(message, [{ field: input.action === 'dispatch' && !input.assignee ? 'assignee' : 'to', problem: result.problem }]);
    }
    const state = result.state;
    let seq: number | null;
    try {
      seq = await updateEventState(db, row, from, state, {
        action: input.action, note: input.note ?? null, by: input.by, at, actor: input.actor, areaCode: row.cell_code, clientId: input.client_id, media: input.media,
      });
    } catch (err) {
      // The same client id, sent twice at once: the other request wrote it (the unique index).
      const other = await replay();
      if (other) return other;
      throw err;
    }
    if (seq === null) {
      // Moved in between, perhaps by this very step sent twice at once.
      const other = await replay();
      if (other) return other;
      if (attempt >= 4) throw new ConflictError(`Event "${id}" keeps changing under this transition; read it again and retry.`);
      continue;
    }
    publishEventFeed(db, {
      seq, action: input.action, from_status: row.status, to_status: state.status, from_level: row.level, to_level: state.level,
      assignee: state.assignee, due_at: state.dueAt, note: input.note ?? null, by: input.by, at, event_id: row.id,
      region: row.region, category: row.category, severity: row.severity, description: row.description, source: row.source,
      lon: row.lon, lat: row.lat, grid_code: row.grid_code, grid_name: row.grid_name, area_path: row.area_path, reported_at: row.reported_at,
    });
    emitPointsChanged(db, { layer: 'events', points: [row] });
    const next: EventRow = {
      ...row, status: state.status, level: state.level, assignee: state.assignee, due_at: state.dueAt,
      suspended_from: state.suspendedFrom, suspended_at: state.suspendedAt, updated_at: state.updatedAt, closed_at: state.closedAt,
    };
    return { event: eventView(next), seq, replayed: false };
  }
}
