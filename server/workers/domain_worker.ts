/**
 * A worker thread that runs the domain tasks (domain_tasks.ts) it is sent, one at a time:
 * `{ id, name, input }` in, `{ id, ok: true, value }` or `{ id, ok: false, message }` out.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { domainTasks, type DomainTaskName } from './domain_tasks.ts';

// Heavy work yields the cores to the thread that answers HTTP: on Linux a thread is a task of its
// own, and /proc/thread-self names this one, whose niceness can be raised alone. Elsewhere it
// runs at the process's priority.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {
  // not Linux, or not allowed: run at the process's priority
}

const port = parentPort!;
port.on('message', ({ id, name, input }: { id: number; name: DomainTaskName; input: never }) => {
  try {
    port.postMessage({ id, ok: true, value: domainTasks[name](input) });
  } catch (err) {
    port.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
port.postMessage({ id: 0, ok: true, value: 'ready' });
