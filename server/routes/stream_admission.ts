import type { Request } from 'express';
import type { Db } from '../db/db.ts';
import { admitStream, type StreamLimits } from '../services/open_streams.ts';

/** The limits when the app was made without them (GRIDWORK_STREAMS_PER_USER / _PER_ADDRESS's defaults). */
export const DEFAULT_STREAM_LIMITS: StreamLimits = { perUser: 20, perAddress: 100 };

/**
 * Admits the signed-in caller's stream (429 beyond the app's limits per user and per address,
 * `app.locals.streamLimits`); `end` is called when their sessions end. Returns the release to
 * call once the stream has closed. Call before the response's head is written.
 */
export function admitCallerStream(db: Db, req: Request, end: () => void): () => void {
  const limits = (req.app.locals.streamLimits as StreamLimits | undefined) ?? DEFAULT_STREAM_LIMITS;
  const { tokenId, expiresMs } = req.credential!;
  return admitStream(db, { userId: req.principal!.userId, address: req.ip ?? req.socket.remoteAddress ?? 'unknown', tokenId, expiresMs, end }, limits);
}
