/**
 * A worker thread that runs the domain tasks (domain_tasks.ts) it is sent, one at a time:
 * `{ id, name, input }` in, `{ id, ok: true, value }` or `{ id, ok: false, message }` out.
 */
import { parentPort } from 'node:worker_threads';
import { domainTasks, type DomainTaskName } from './domain_tasks.ts';

const port = parentPort!;
port.on('message', ({ id, name, input }: { id: number; name: DomainTaskName; input: never }) => {
  try {
    port.postMessage({ id, ok: true, value: domainTasks[name](input) });
  } catch (err) {
    port.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
port.postMessage({ id: 0, ok: true, value: 'ready' });
