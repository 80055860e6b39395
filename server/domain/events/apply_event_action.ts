import { ACTION_FROM, allowedEventActions } from './allowed_event_actions.ts';
import { dueAt } from './deadline_hours.ts';
import { EVENT_LEVELS, type DeadlineRule, type EventAction, type EventLevel, type EventState, type EventStep } from './event_types.ts';

export type StepResult =
  | { ok: true; state: EventState }
  /**
   * `illegal`: the action is not allowed from the current status (a conflict, HTTP 409);
   * `invalid`: the action is allowed but the step is incomplete or wrong (HTTP 400).
   */
  | { ok: false; kind: 'illegal' | 'invalid'; problem: string; allowed: EventAction[] };

const rank = (level: EventLevel) => EVENT_LEVELS.indexOf(level);

/**
 * Applies one step of the loop to `state`, returning the new state or why it is refused. Pure:
 * the same state, step and rules always give the same answer, which is what lets an event's
 * history replay to its current state.
 *
 * The deadline clock: entering a level (report, escalate, send down, dispatch to another level)
 * starts it afresh from that level's rule; suspending pauses it and resuming moves the deadline
 * on by the pause; returning for rework keeps the original deadline.
 *
 * @example
 * applyEventAction(reported, { action: 'accept', by: 'wang', at: '2026-01-01T08:05:00Z' }, rules)
 * // { ok: true, state: { ...reported, status: 'accepted', updatedAt: '2026-01-01T08:05:00Z' } }
 */
export function applyEventAction(state: EventState, step: EventStep, rules: readonly DeadlineRule[]): StepResult {
  const allowed = allowedEventActions(state);
  const refuse = (kind: 'illegal' | 'invalid', problem: string): StepResult => ({ ok: false, kind, problem, allowed });
  if (!ACTION_FROM[step.action]) return refuse('invalid', `unknown action "${step.action}"`);
  if (!allowed.includes(step.action)) {
    const why = ACTION_FROM[step.action].includes(state.status)
      ? `the event is already at the ${state.level} level, the ${step.action === 'escalate' ? 'highest' : 'lowest'}`
      : `its status is "${state.status}"`;
    return refuse('illegal', `cannot ${step.action} this event: ${why}; allowed now: ${allowed.join(', ') || 'nothing (it is finished)'}`);
  }
  if (step.to != null && !['dispatch', 'escalate', 'send_down'].includes(step.action)) {
    return refuse('invalid', `"to" names a level only for dispatch, escalate and send_down, not for ${step.action}`);
  }
  const next: EventState = { ...state, updatedAt: step.at };
  const enterLevel = (level: EventLevel) => {
    next.level = level;
    next.dueAt = dueAt(rules, level, state.category, state.severity, step.at);
  };
  const assignee = step.assignee?.trim() || null;

  switch (step.action) {
    case 'accept':
      next.status = 'accepted';
      break;
    case 'dispatch': {
      if (!assignee) return refuse('invalid', 'dispatch needs an assignee: the person or team who will handle it');
      const to = step.to ?? state.level;
      if (rank(to) > rank(state.level)) return refuse('invalid', `dispatch goes to this level or below ("${state.level}" or lower), not up to "${to}": escalate instead`);
      next.status = 'dispatched';
      next.assignee = assignee;
      if (to !== state.level) enterLevel(to);
      break;
    }
    case 'start':
      next.status = 'in_progress';
      break;
    case 'resolve':
      next.status = 'resolved';
      break;
    case 'verify':
      next.status = 'verified';
      break;
    case 'close':
    case 'cancel':
      next.status = step.action === 'close' ? 'closed' : 'cancelled';
      next.closedAt = step.at;
      break;
    case 'return':
      next.status = 'in_progress';
      break;
    case 'suspend':
      next.status = 'suspended';
      next.suspendedFrom = state.status;
      next.suspendedAt = step.at;
      break;
    case 'resume': {
      next.status = state.suspendedFrom ?? 'accepted';
      const paused = state.suspendedAt ? Date.parse(step.at) - Date.parse(state.suspendedAt) : 0;
      if (state.dueAt) next.dueAt = new Date(Date.parse(state.dueAt) + Math.max(0, paused)).toISOString();
      next.suspendedFrom = null;
      next.suspendedAt = null;
      break;
    }
    case 'escalate':
    case 'send_down': {
      const up = step.action === 'escalate';
      const to = step.to ?? EVENT_LEVELS[rank(state.level) + (up ? 1 : -1)];
      if (up ? rank(to) <= rank(state.level) : rank(to) >= rank(state.level)) {
        return refuse('invalid', `${step.action} goes ${up ? 'up' : 'down'} from "${state.level}", so "to" must be a ${up ? 'higher' : 'lower'} level, not "${to}"`);
      }
      // The receiving level takes it as accepted work, to dispatch to its own people.
      next.status = 'accepted';
      next.assignee = null;
      enterLevel(to);
      break;
    }
  }
  return { ok: true, state: next };
}
