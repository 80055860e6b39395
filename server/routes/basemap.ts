import { Router } from 'express';
import { NotFoundError } from '../errors.ts';
import { OFFLINE_BASEMAP_PATH } from '../basemap/offered_basemaps.ts';

/**
 * The offline basemap: one PMTiles file on the server's disk, answered whole or by byte range
 * (206, as the browser's PMTiles reader asks: the header and root directory, then each tile).
 * Express's sendFile handles Range, If-Range and the ETag. A map of streets and water, no one's
 * personal data: it is served to anyone, under the per-address read limit.
 */
export function basemapRouter(file: string | undefined): Router {
  const router = Router();
  const name = OFFLINE_BASEMAP_PATH.slice('/basemap'.length);
  router.get(name, (_req, res, next) => {
    if (!file) return next(new NotFoundError('No offline basemap is configured: set GRIDWORK_BASEMAP_FILE to a PMTiles file.'));
    // dotfiles: the default folder is .gridwork/basemap, which send would otherwise refuse.
    res.sendFile(file, { maxAge: '1h', dotfiles: 'allow', headers: { 'Content-Type': 'application/vnd.pmtiles' } }, (err) => {
      if (err && !res.headersSent) next(new NotFoundError(`The offline basemap file cannot be read (${(err as NodeJS.ErrnoException).code ?? err.message}).`));
    });
  });
  return router;
}
