import type { Db } from '../db/db.ts';

/**
 * What travels between processes on one PostGIS server (Db.peers): every relayed message on one
 * notification channel, as `{o: sender, c: channel, m: [wire…] | null}`; m null means "messages
 * may have been lost". See dbChannel for what the channels are.
 */
const PEER_CHANNEL = 'gridwork_changes';
const PEER_PAYLOAD_MAX = 7900;

/** Sends the wire forms of `channel`'s messages to the other processes, in as few notifications as fit. */
export function sendToPeers(db: Db, channel: string, wire: unknown[]): void {
  for (const payload of payloads(db.peers!.id, channel, wire)) {
    db.peers!.notify(PEER_CHANNEL, payload).catch((err) => console.warn(`other processes were not told of a ${channel}: ${err instanceof Error ? err.message : err}`));
  }
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

/**
 * Hands what other processes send on `channel` to `receive` (null: their messages may have been
 * lost, after a lost connection or a bare NOTIFY). One LISTEN connection per database serves every channel.
 */
export function listenToPeers(db: Db, channel: string, receive: (wire: unknown[] | null) => void): void {
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
