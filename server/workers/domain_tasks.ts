import { piecesToProblems } from '../domain/coverage/pieces_to_problems.ts';
import { proposeSizing } from '../domain/sizing/propose_sizing.ts';

/**
 * The pure domain functions that may run in a worker thread (run_in_worker.ts), by name: each
 * takes and returns plain data (structured-cloneable), and is heavy enough that running it on the
 * thread that answers HTTP would hold every other request.
 */
export const domainTasks = { piecesToProblems, proposeSizing };

export type DomainTasks = typeof domainTasks;
export type DomainTaskName = keyof DomainTasks;
