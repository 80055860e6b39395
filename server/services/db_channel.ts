import type { Db } from '../db/db.ts';

export interface DbChannel<M> {
  /** Calls `listener` with every message published about `db`; returns the unsubscribe function. */
  subscribe(db: Db, listener: (message: M) => void): () => void;
  /** Hands `message` to every listener of `db`; one that throws is logged and does not stop the rest (nor the writer). */
  publish(db: Db, message: M): void;
  /** Whether anyone listens on `db`, to skip building a message no one would read. */
  listened(db: Db): boolean;
}

/**
 * An in-process channel of messages about a database: committed area edits, point writes, event
 * log entries. Listeners are kept per Db, so that tests holding several databases in one process
 * never cross wires. Several server processes over one PostGIS would relay these through
 * LISTEN/NOTIFY; a client resuming an event stream still reads what it missed from the log.
 */
export function dbChannel<M>(name: string): DbChannel<M> {
  const listeners = new WeakMap<Db, Set<(message: M) => void>>();
  return {
    subscribe(db, listener) {
      const set = listeners.get(db) ?? new Set();
      listeners.set(db, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    publish(db, message) {
      for (const listener of listeners.get(db) ?? []) {
        try {
          listener(message);
        } catch (err) {
          console.error(`a ${name} listener failed`, err);
        }
      }
    },
    listened(db) {
      return (listeners.get(db)?.size ?? 0) > 0;
    },
  };
}
