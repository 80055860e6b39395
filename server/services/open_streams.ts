import type { Db } from '../db/db.ts';
import { dbChannel } from './db_channel.ts';
import { forgetToken } from './auth/tokens.ts';

/** One open event or change stream: whose it is, where it comes from, and how to end it. */
interface OpenStream {
  userId: number;
  address: string;
  /** The token it was opened with (its jti; null for tokens without one), and when that expires (ms). */
  tokenId: string | null;
  expiresMs: number;
  end(): void;
}

export interface StreamLimits {
  perUser: number;
  perAddress: number;
}

const open = new WeakMap<Db, Set<OpenStream>>();

// "End user N's streams" travels to the other processes on the same PostGIS server, which hold
// streams of their own: a sign-out everywhere means everywhere.
const ended = dbChannel<number, number>('sessions ended', {
  toWire: (userId) => userId,
  fromWire: (_db, userIds) => userIds,
  // A lost message is not made up for: the user's tokens are void anyway, and loadPrincipal
  // reads users again within 5 s, so a stream of theirs that reconnects is refused then.
  missed: () => [],
});
// "Token T was signed out" (POST /api/auth/logout), to the other processes too: they end its
// streams and forget that they had verified it.
const signedOut = dbChannel<string, string>('token signed out', {
  toWire: (tokenId) => tokenId,
  fromWire: (_db, tokenIds) => tokenIds,
  // Lost: other processes ask whether a token was signed out again within 5 s (tokens.ts).
  missed: () => [],
});
const listening = new WeakSet<Db>();
// Longest a timer may wait (setTimeout's limit, about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Admits a stream of `userId` from `address`, or throws a 429 when either already holds its
 * limit (open streams cost a connection and memory each: one client must not take them all).
 * `end` is called when the user's sessions are ended (endUserStreams) here or in another
 * process. Returns the function that forgets the stream once it has closed.
 */
export function admitStream(db: Db, stream: OpenStream, limits: StreamLimits): () => void {
  let set = open.get(db);
  if (!set) open.set(db, (set = new Set()));
  watchEndedSessions(db);
  let byUser = 0;
  let byAddress = 0;
  for (const s of set) {
    if (s.userId === stream.userId) byUser++;
    if (s.address === stream.address) byAddress++;
  }
  if (byUser >= limits.perUser) throw tooMany(`You have ${byUser} streams open already, the most one user may hold (GRIDWORK_STREAMS_PER_USER): close a tab or another client first.`);
  if (byAddress >= limits.perAddress) throw tooMany(`${byAddress} streams are open from your address already, the most one address may hold (GRIDWORK_STREAMS_PER_ADDRESS): close some first.`);
  const entry = { ...stream };
  set.add(entry);
  // A stream ends when the token it was opened with does: reconnecting needs a valid one.
  const expiry = setTimeout(() => endWhere(db, (s) => s === entry), Math.min(Math.max(0, stream.expiresMs - Date.now()), MAX_TIMER_MS));
  expiry.unref();
  return () => {
    clearTimeout(expiry);
    set.delete(entry);
  };
}

/**
 * Starts hearing, here and from other processes, whose sessions ended (idempotent). Called when
 * the stream routes are made, so that the LISTEN is in place before the first stream opens: a
 * sign-out made elsewhere a moment after it opened is not missed.
 */
export function watchEndedSessions(db: Db): void {
  if (listening.has(db)) return;
  listening.add(db);
  ended.subscribe(db, (userId) => endWhere(db, (s) => s.userId === userId));
  signedOut.subscribe(db, (tokenId) => {
    forgetToken(db, tokenId);
    endWhere(db, (s) => s.tokenId === tokenId);
  });
}

/** Ends at once the open streams of the token `tokenId`, here and in the other processes (it was signed out). */
export function endTokenStreams(db: Db, tokenId: string): void {
  signedOut.publish(db, tokenId);
}

/**
 * Ends at once every open stream of `userId`, in this process and the others on the same
 * database: called when the user is disabled, their password changes, they are signed out
 * everywhere or a grant is taken away. A stream's scope was decided when it opened, so it must
 * not outlive the rights it was opened with; a client that reconnects is judged afresh.
 */
export function endUserStreams(db: Db, userId: number): void {
  ended.publish(db, userId);
}

/** How many streams are open on `db` (for tests and health). */
export function openStreamCount(db: Db): number {
  return open.get(db)?.size ?? 0;
}

function endWhere(db: Db, which: (s: OpenStream) => boolean): void {
  for (const s of [...(open.get(db) ?? [])]) {
    if (!which(s)) continue;
    open.get(db)!.delete(s);
    try {
      s.end();
    } catch (err) {
      console.error('ending a stream failed', err);
    }
  }
}

function tooMany(message: string): Error {
  return Object.assign(new Error(message), { status: 429, type: 'streams.too.many' });
}
