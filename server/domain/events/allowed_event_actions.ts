import { EVENT_LEVELS, type EventAction, type EventState, type EventStatus } from './event_types.ts';

/** Which statuses each action may start from (the arrows of the loop). */
export const ACTION_FROM: Readonly<Record<EventAction, readonly EventStatus[]>> = {
  accept: ['reported'],
  dispatch: ['accepted', 'dispatched'], // from dispatched: re-assign
  start: ['dispatched'],
  resolve: ['in_progress'],
  verify: ['resolved'],
  close: ['verified'],
  return: ['resolved', 'verified'],
  suspend: ['accepted', 'dispatched', 'in_progress'],
  resume: ['suspended'],
  escalate: ['reported', 'accepted', 'dispatched', 'in_progress'],
  send_down: ['accepted', 'dispatched', 'in_progress'],
  cancel: ['reported', 'accepted'],
};

/**
 * The actions an event in `state` may take now, in the order of the loop: what a command centre
 * offers as buttons, and what a refused transition names. Escalation stops at the city platform
 * and sending down at the grid.
 *
 * @example
 * allowedEventActions({ ...state, status: 'reported', level: 'grid' }) // ['accept', 'escalate', 'cancel']
 */
export function allowedEventActions(state: Pick<EventState, 'status' | 'level'>): EventAction[] {
  const top = state.level === EVENT_LEVELS[EVENT_LEVELS.length - 1];
  const bottom = state.level === EVENT_LEVELS[0];
  return (Object.keys(ACTION_FROM) as EventAction[]).filter(
    (a) => ACTION_FROM[a].includes(state.status) && !(a === 'escalate' && top) && !(a === 'send_down' && bottom),
  );
}
