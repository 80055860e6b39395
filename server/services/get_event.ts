import type { Db } from '../db/db.ts';
import { selectEvent } from '../db/queries/select_event.ts';
import { selectEventHistory, type EventHistoryRow } from '../db/queries/select_event_history.ts';
import { selectEventMedia, type EventMediaRow } from '../db/queries/select_event_media.ts';
import type { EventAction, EventLevel, EventStep } from '../domain/events/event_types.ts';
import { replayEventHistory } from '../domain/events/replay_event_history.ts';
import { NotFoundError } from '../errors.ts';
import { eventRules } from './event_rules.ts';
import { eventView, type EventView } from './event_view.ts';

/**
 * One event with its full history, and whether replaying that history through the lifecycle
 * rules gives the status, level and assignee it has now (deadlines are left out of the check:
 * an operator may have changed a rule since).
 */
export async function getEvent(db: Db, id: string): Promise<EventView & { history: EventHistoryRow[]; history_replays: boolean; media: (EventMediaRow & { url: string; thumb_url: string })[] }> {
  const row = await selectEvent(db, id);
  if (!row) throw new NotFoundError(`No event has id "${id}".`);
  const [history, rules, media] = await Promise.all([selectEventHistory(db, row), eventRules(db), selectEventMedia(db, row)]);
  let replays: boolean;
  try {
    const first = history[0];
    const state = replayEventHistory(
      { category: row.category, severity: row.severity, level: first.to_level as EventLevel, at: first.at },
      history.slice(1).map((h) => historyStep(h)),
      rules.deadlines,
    );
    replays = state.status === row.status && state.level === row.level && state.assignee === row.assignee;
  } catch {
    replays = false;
  }
  const photos = media.map((m) => {
    const url = `/api/media/${encodeURIComponent(m.id)}`;
    return { ...m, url, thumb_url: `${url}?size=thumb` };
  });
  return { ...eventView(row), history, history_replays: replays, media: photos };
}

/** A logged transition as a step of the state machine. */
export function historyStep(h: EventHistoryRow): EventStep {
  return {
    action: h.action as EventAction,
    // The log records the level reached; as a step's target it only matters for level moves.
    to: h.action === 'dispatch' || h.action === 'escalate' || h.action === 'send_down' ? (h.to_level as EventLevel) : null,
    assignee: h.assignee,
    note: h.note,
    by: h.by,
    at: h.at,
  };
}
