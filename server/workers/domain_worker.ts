/**
 * A worker thread that runs the domain tasks (domain_tasks.ts) it is sent, one at a time:
 * `{ id, name, input }` in, `{ id, ok: true, value }` or `{ id, ok: false, message, validation, problems }` out.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { domainTasks, type DomainTaskName } from './domain_tasks.ts';
import { ValidationError } from '../errors.ts';

// Heavy work yields the cores to the thread that answers HTTP: on Linux a thread is a task of its
// own, and /proc/thread-self names this one, whose niceness can be raised alone. Elsewhere it
// runs at the process's priority.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {
  // not Linux, or not allowed: run at the process's priority
}

const port = parentPort!;
port.on('message', async ({ id, name, input }: { id: number; name: DomainTaskName; input: never }) => {
  try {
    port.postMessage({ id, ok: true, value: await domainTasks[name](input) });
  } catch (err) {
    // A refusal keeps its kind and its problems across the thread: the route answers it as a 400.
    const problems = err instanceof ValidationError ? err.problems : undefined;
    port.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err), validation: err instanceof ValidationError, problems });
  }
});
port.postMessage({ id: 0, ok: true, value: 'ready' });
