import { Router, type Request, type Response } from 'express';
import type { Db } from '../db/db.ts';
import { selectAreaPaths } from '../db/queries/select_area_paths.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { onAreasChanged, type AreaChange } from '../services/area_changes.ts';
import { loadEventSettings } from '../services/event_settings.ts';
import { requirePermission, scopeOf } from './access.ts';
import { admitCallerStream } from './stream_admission.ts';
import { watchEndedSessions } from '../services/open_streams.ts';

/**
 * GET /api/changes/stream: Server-Sent Events telling an open map that the published tree changed
 * (a plan published, an import, a coverage fix), so that it reloads its area tiles and counts
 * instead of showing yesterday's boundaries until someone presses reload. `event: areas`, data
 * `{codes}`: the changed codes the caller may see, or [] when the change is not known in detail.
 * Nothing is sent of a change wholly outside the caller's subtrees.
 */
export function changesRouter(db: Db): Router {
  const router = Router();
  const { keepAliveMs } = loadEventSettings();
  watchEndedSessions(db);
  router.get('/stream', requirePermission(db, 'areas.read'), (req, res) => streamChanges(db, keepAliveMs, req, res));
  return router;
}

function streamChanges(db: Db, keepAliveMs: number, req: Request, res: Response): void {
  const scope = scopeOf(req, 'areas.read');
  let stop = () => undefined as void;
  // Ended at once when the user's sessions end (disabled, new password, signed out everywhere).
  const release = admitCallerStream(db, req, () => stop());
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n: connected\n\n');
  const send = (codes: string[]) => {
    if (!res.writableEnded) res.write(`event: areas\ndata: ${JSON.stringify({ codes })}\n\n`);
  };
  // Told in the order the changes came, though finding what a scoped caller may see takes a query.
  let told = Promise.resolve();
  const unsubscribe = onAreasChanged(db, (change) => {
    told = told.then(() => visibleCodes(db, change, scope)).then((codes) => void (codes && send(codes)), () => send([]));
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  stop = () => {
    release();
    clearInterval(keepAlive);
    unsubscribe();
    res.end();
  };
  req.on('close', stop);
}

/** The codes of `change` the caller may see; null when it may see none of them (nothing to tell). */
async function visibleCodes(db: Db, change: AreaChange, scope: string[] | null): Promise<string[] | null> {
  if (scope === null) return change.codes;
  if (change.codes.length === 0) return [];
  // A code's ancestry says whether it lies under one of the caller's areas (a deleted area has none: not told).
  const paths = new Map((await selectAreaPaths(db, change.codes)).map((a) => [a.code, a.path.split('/')]));
  const seen = change.codes.filter((code) => paths.has(code) && inScope(paths.get(code)!, scope));
  return seen.length ? seen : null;
}
