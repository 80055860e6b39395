import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What bounds the statements of one piece of heavy work (a coverage check, a rebalance, a big
 * import): they stop when `signal` aborts (the time limit passed, or the client went away), and
 * on a PostGIS server none may run past `deadline` (epoch ms, sent as statement_timeout).
 */
export interface StatementLimits {
  signal: AbortSignal;
  deadline: number;
}

interface Held extends StatementLimits {
  /** Set once the heavy work has ended: work it left running (a cache load it started) runs unbounded. */
  done: boolean;
}

const store = new AsyncLocalStorage<Held>();

/**
 * Runs `fn` with its statements bounded by `limits`: both drivers read them from the async
 * context, so that the services keep taking the one `Db` (whose identity keys their caches)
 * and need not pass anything along.
 */
export async function withStatementLimits<T>(limits: StatementLimits, fn: () => Promise<T>): Promise<T> {
  const held: Held = { ...limits, done: false };
  try {
    return await store.run(held, fn);
  } finally {
    held.done = true;
  }
}

/** The limits of the heavy work this statement belongs to, or undefined for ordinary work. */
export function currentStatementLimits(): StatementLimits | undefined {
  const held = store.getStore();
  return held && !held.done ? held : undefined;
}

/** Throws why the heavy work was stopped, when it was: a statement it would start now must not run. */
export function throwIfStopped(limits: StatementLimits | undefined): void {
  if (limits?.signal.aborted) throw limits.signal.reason;
}
