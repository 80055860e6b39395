import { piecesToProblems } from '../domain/coverage/pieces_to_problems.ts';
import { proposeSizing } from '../domain/sizing/propose_sizing.ts';
import { readAreasInWgs84 } from '../formats/read_areas_in_wgs84.ts';

/**
 * The pure domain functions that may run in a worker thread (run_in_worker.ts), by name: each
 * takes and returns plain data (structured-cloneable), and is heavy enough that running it on the
 * thread that answers HTTP would hold every other request. A task may return a promise (a reader
 * whose library is asynchronous); a ValidationError it throws reaches the caller as one.
 */
export const domainTasks = { piecesToProblems, proposeSizing, readAreasInWgs84 };

export type DomainTasks = typeof domainTasks;
export type DomainTaskName = keyof DomainTasks;
