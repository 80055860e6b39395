import type { Db } from '../db/db.ts';

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

/** The one notification channel every relayed message travels on: `{o: sender, c: channel, m: [wire…] | null}`. */
const PEER_CHANNEL = 'gridwork_changes';
const PEER_PAYLOAD_MAX = 7900;

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
    for (const payload of payloads(db.peers!.id, name, wire)) {
      db.peers!.notify(PEER_CHANNEL, payload).catch((err) => console.warn(`other processes were not told of a ${name}: ${err instanceof Error ? err.message : err}`));
    }
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

/** The notifications that carry `wire`: as few as fit; one too big on its own goes as "may have been lost" (null). */
function payloads(sender: string, channel: string, wire: unknown[]): string[] {
  const payload = JSON.stringify({ o: sender, c: channel, m: wire });
  if (payload.length <= PEER_PAYLOAD_MAX) return [payload];
  if (wire.length === 1) return [JSON.stringify({ o: sender, c: channel, m: null })];
  const half = Math.ceil(wire.length / 2);
  return [...payloads(sender, channel, wire.slice(0, half)), ...payloads(sender, channel, wire.slice(half))];
}

// One LISTEN connection per database, shared by every relaying channel: channel name → receiver.
const peerReceivers = new WeakMap<Db, Map<string, (wire: unknown[] | null) => void>>();

function listenToPeers(db: Db, channel: string, receive: (wire: unknown[] | null) => void): void {
  let receivers = peerReceivers.get(db);
  if (!receivers) {
    const all = (receivers = new Map());
    peerReceivers.set(db, all);
    const everything = () => {
      for (const r of all.values()) r(null);
    };
    db.peers!.listen(
      PEER_CHANNEL,
      (payload) => {
        // `NOTIFY gridwork_changes` with no payload (after an edit in psql, say) means "anything may have changed".
        const message = parsePeerMessage(payload);
        if (!message) return everything();
        if (message.o !== db.peers!.id) all.get(message.c)?.(message.m);
      },
      everything,
    );
  }
  if (!receivers.has(channel)) receivers.set(channel, receive);
}

function parsePeerMessage(payload: string): { o: string; c: string; m: unknown[] | null } | null {
  if (!payload.trim()) return null;
  try {
    const m = JSON.parse(payload) as { o?: unknown; c?: unknown; m?: unknown };
    if (typeof m.c === 'string' && (m.m === null || Array.isArray(m.m))) return { o: String(m.o ?? ''), c: m.c, m: m.m };
  } catch {
    // reported below
  }
  console.warn(`a ${PEER_CHANNEL} notification that is not Gridwork's (${payload.slice(0, 80)}) taken as "anything may have changed"`);
  return null;
}
