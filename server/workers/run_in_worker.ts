import type { Worker } from 'node:worker_threads';
import { currentStatementLimits } from '../db/statement_limits.ts';
import type { DomainTaskName, DomainTasks } from './domain_tasks.ts';
import { startWorker } from './start_worker.ts';
import { ValidationError, type Problem } from '../errors.ts';

// Two cores is the machine we aim at: one worker per core the HTTP thread does not need.
const POOL_SIZE = 2;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
}

const slots: Slot[] = [];
const waiting: ((slot: Slot) => void)[] = [];
let nextId = 0;

function spawn(): Slot {
  const worker = startWorker(new URL('./domain_worker.ts', import.meta.url), null);
  // An idle pool must not keep the process alive (a CLI, a test file, SIGTERM).
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    const first = (m: { id: number }) => {
      if (m.id !== 0) return;
      worker.off('message', first);
      resolve();
    };
    worker.on('message', first);
    worker.once('error', reject);
  });
  ready.catch(() => undefined);
  const slot: Slot = { worker, ready, busy: false };
  worker.once('exit', () => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
  });
  slots.push(slot);
  return slot;
}

/**
 * Starts the pool's workers ahead of the first task: starting a worker costs the starting thread
 * tens of milliseconds, which the first coverage check would otherwise take from every request.
 */
export function startWorkerPool(): void {
  while (slots.length < POOL_SIZE) spawn();
}

function acquire(): Promise<Slot> {
  const free = slots.find((s) => !s.busy) ?? (slots.length < POOL_SIZE ? spawn() : undefined);
  if (free) {
    free.busy = true;
    return Promise.resolve(free);
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function release(slot: Slot): void {
  const next = waiting.shift();
  if (!next) return void (slot.busy = false);
  if (slots.includes(slot)) return next(slot);
  // The slot was stopped: give the waiter a fresh one.
  const fresh = spawn();
  fresh.busy = true;
  next(fresh);
}

/**
 * Runs the domain task `name` (domain_tasks.ts) on `input` in a pool of worker threads, so that
 * heavy JavaScript (measuring thousands of coverage pieces) never runs on the thread that answers
 * HTTP. Inside heavy work (statement_limits.ts), the limits' abort stops it: the worker is
 * terminated (the only way to stop running JavaScript) and the call fails with the limits' reason.
 *
 * @example const problems = await runInWorker('piecesToProblems', { pieces, refs, toleranceM: 0.5 });
 */
export async function runInWorker<K extends DomainTaskName>(name: K, input: Parameters<DomainTasks[K]>[0]): Promise<Awaited<ReturnType<DomainTasks[K]>>> {
  const limits = currentStatementLimits();
  if (limits?.signal.aborted) throw limits.signal.reason;
  const slot = await acquire();
  try {
    await slot.ready;
    const id = ++nextId;
    return await new Promise<Awaited<ReturnType<DomainTasks[K]>>>((resolve, reject) => {
      const onMessage = (m: { id: number; ok: boolean; value?: unknown; message?: string; validation?: boolean; problems?: Problem[] }) => {
        if (m.id !== id) return;
        done();
        if (m.ok) resolve(m.value as Awaited<ReturnType<DomainTasks[K]>>);
        else reject(m.validation ? new ValidationError(m.message ?? '', m.problems) : new Error(m.message));
      };
      const onExit = (code: number) => {
        done();
        reject(limits?.signal.aborted ? limits.signal.reason : new Error(`the worker running ${name} exited (code ${code})`));
      };
      const stop = () => void slot.worker.terminate();
      const done = () => {
        slot.worker.unref();
        slot.worker.off('message', onMessage);
        slot.worker.off('exit', onExit);
        limits?.signal.removeEventListener('abort', stop);
      };
      slot.worker.ref(); // while it works for someone, it keeps the process alive
      slot.worker.on('message', onMessage);
      slot.worker.once('exit', onExit);
      limits?.signal.addEventListener('abort', stop, { once: true });
      slot.worker.postMessage({ id, name, input });
    });
  } finally {
    release(slot);
  }
}
