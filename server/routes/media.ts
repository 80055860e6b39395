import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { selectMediaBytes } from '../db/queries/select_media_bytes.ts';
import { selectMediaInfo } from '../db/queries/select_media_info.ts';
import type { MediaInfo } from '../db/queries/media_row.ts';
import { mayReadMedia } from '../domain/media/may_read_media.ts';
import { NotFoundError } from '../errors.ts';
import { uploadPhoto } from '../services/media/upload_photo.ts';
import { requirePermission } from './access.ts';
import { readPhotoUpload } from './read_photo_upload.ts';
import { parseWith } from './validate.ts';

const uploadFields = z.object({
  id: z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'an id is 1–128 letters, digits or . _ : @ -').optional(),
});
const getQuery = z.strictObject({ size: z.enum(['full', 'thumb']).default('full') });

/** What the API says of a stored photo. */
export function mediaView(m: MediaInfo) {
  const url = `/api/media/${encodeURIComponent(m.id)}`;
  return { id: m.id, url, thumb_url: `${url}?size=thumb`, content_type: m.content_type, width: m.width, height: m.height, byte_size: m.byte_size, created_at: m.created_at };
}

/**
 * Photos: POST (multipart, one image) for whoever may report events; GET for the uploader and
 * for whoever may read an event that holds the photo. Anyone else gets the 404 of a photo that
 * does not exist: whether another area's photo exists is not theirs to learn.
 */
export function mediaRouter(db: Db, options: { maxBytes: number }): Router {
  const router = Router();

  router.post('/', requirePermission(db, 'events.report'), async (req, res) => {
    const upload = await readPhotoUpload(req, options.maxBytes);
    const fields = parseWith(uploadFields, upload.fields, 'body');
    const { created, media } = await uploadPhoto(db, { id: fields.id, ownerId: req.principal!.userId, bytes: upload.file });
    const view = mediaView(media);
    res.status(created ? 201 : 200).location(view.url).json(view);
  });

  router.get('/:id', requirePermission(db, 'events.read'), async (req, res) => {
    const id = req.params.id as string;
    const q = parseWith(getQuery, req.query, 'query');
    const [info] = await selectMediaInfo(db, [id]);
    if (!info || !mayReadMedia(req.principal ?? null, info)) throw new NotFoundError(`No photo has id "${id}".`);
    const etag = `"${info.sha256.slice(0, 32)}${q.size === 'thumb' ? '-t' : ''}"`;
    // Private: a shared cache must not hand one user's photo to another.
    res.set({ 'cache-control': 'private, max-age=86400', etag, 'x-content-type-options': 'nosniff' });
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    const bytes = await selectMediaBytes(db, id, q.size);
    if (!bytes) throw new NotFoundError(`No photo has id "${id}".`);
    res.type(q.size === 'thumb' ? 'image/jpeg' : info.content_type).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  return router;
}
