import { applyEventAction } from './apply_event_action.ts';
import type { DeadlineRule, EventReport, EventState, EventStep } from './event_types.ts';
import { openEvent } from './open_event.ts';

/**
 * Replays an event's history, the report then each logged step in order, to the state it must be
 * in now. Throws on a step the rules refuse: a logged history is only ever made of allowed steps,
 * so a refusal means the log and the rules disagree.
 *
 * @example
 * replayEventHistory(report, [{ action: 'accept', by: 'li', at }], rules).status // 'accepted'
 */
export function replayEventHistory(report: EventReport, steps: readonly EventStep[], rules: readonly DeadlineRule[]): EventState {
  let state = openEvent(report, rules);
  steps.forEach((step, i) => {
    const r = applyEventAction(state, step, rules);
    if (!r.ok) throw new Error(`History step ${i + 1} (${step.action} at ${step.at}) is refused by the rules: ${r.problem}.`);
    state = r.state;
  });
  return state;
}
