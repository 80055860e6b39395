import type { Db } from '../db/db.ts';
import { listenToPeers, sendToPeers } from './peer_messages.ts';

export interface DbChannel<M> {
  /** Calls `listener` with every message published about `db`; returns the unsubscribe function. */
  subscribe(db: Db, listener: (message: M) => void): () => void;
  /** Hands `message` to every listener of `db`; one that throws is logged and does not stop the rest (nor the writer). */
  publish(db: Db, message: M): void;
  /** Whether anyone may read a message about `db`, to skip building one no one would: a listener here, or other processes. */
  listened(db: Db): boolean;
}

/**
 * How a channel's messages reach other processes on the same database (`Db.peers`), which then
 * hand them to their own listeners as if they had been published there.
 */
export interface PeerRelay<M, W> {
  /** The message as other processes get it: JSON, small (a notification holds under 8,000 bytes). */
  toWire(message: M): W;
  /** The messages that peers' wire forms stand for, here (may read the database). */
  fromWire(db: Db, wire: W[]): M[] | Promise<M[]>;
  /** What listeners are told when peers' messages may have been lost (the connection was down, or one was too big to send). */
  missed(): M[];
}

/**
 * An in-process channel of messages about a database: committed area edits, point writes, event
 * log entries. Listeners are kept per Db, so that tests holding several databases in one process
 * never cross wires. With a `relay`, and a database other processes may write (a PostGIS server:
 * more service processes, the import CLI), messages also travel to those processes and theirs
 * come here, so that every process's caches follow every write.
 */
export function dbChannel<M, W = unknown>(name: string, relay?: PeerRelay<M, W>): DbChannel<M> {
  const listeners = new WeakMap<Db, Set<(message: M) => void>>();
  const outbox = new WeakMap<Db, W[]>();
  // Peers' messages are handed on in the order they came, though reading one may take a query.
  const received = new WeakMap<Db, Promise<void>>();

  const deliver = (db: Db, message: M) => {
    for (const listener of listeners.get(db) ?? []) {
      try {
        listener(message);
      } catch (err) {
        console.error(`a ${name} listener failed`, err);
      }
    }
  };
  // What peers send, handed to the listeners here; null: their messages may have been lost.
  const receive = (db: Db, wire: W[] | null) => {
    const next = (received.get(db) ?? Promise.resolve()).then(async () => {
      try {
        for (const message of wire ? await relay!.fromWire(db, wire) : relay!.missed()) deliver(db, message);
      } catch (err) {
        console.error(`a ${name} message from another process could not be read`, err);
      }
    });
    received.set(db, next);
  };
  // Messages published in one synchronous run (an intake batch's log entries) travel as one notification.
  const send = (db: Db) => {
    const wire = outbox.get(db) ?? [];
    outbox.delete(db);
    sendToPeers(db, name, wire);
  };

  return {
    subscribe(db, listener) {
      const set = listeners.get(db) ?? new Set();
      listeners.set(db, set);
      set.add(listener);
      if (relay && db.peers) listenToPeers(db, name, (wire) => receive(db, wire as W[] | null));
      return () => set.delete(listener);
    },
    publish(db, message) {
      deliver(db, message);
      if (!relay || !db.peers) return;
      const queued = outbox.get(db);
      if (queued) return void queued.push(relay.toWire(message));
      outbox.set(db, [relay.toWire(message)]);
      queueMicrotask(() => send(db));
    },
    listened(db) {
      return (listeners.get(db)?.size ?? 0) > 0 || (relay !== undefined && db.peers !== undefined);
    },
  };
}
