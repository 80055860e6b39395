import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { insertMedia } from '../../db/queries/insert_media.ts';
import { selectMediaInfo } from '../../db/queries/select_media_info.ts';
import type { MediaInfo } from '../../db/queries/media_row.ts';
import { ConflictError } from '../../errors.ts';
import { preparePhoto } from './prepare_photo.ts';

/**
 * Stores an uploaded photo (checked, re-encoded, thumbnailed by preparePhoto) under the client's
 * id, or a new uuid. The same id sent again by the same user is a retry (a phone whose answer was
 * lost): the stored photo is returned with `created: false`. Another user's id is a 409.
 */
export async function uploadPhoto(db: Db, input: { id?: string; ownerId: number; bytes: Buffer }): Promise<{ created: boolean; media: MediaInfo }> {
  const id = input.id ?? randomUUID();
  const existing = async () => {
    const [m] = await selectMediaInfo(db, [id]);
    if (m && m.owner_id !== input.ownerId) throw new ConflictError(`The id "${id}" already names another user's photo: send a new id.`);
    return m;
  };
  const before = input.id ? await existing() : undefined;
  if (before) return { created: false, media: before };
  const photo = await preparePhoto(input.bytes);
  const created = await insertMedia(db, { id, ownerId: input.ownerId, ...photo });
  const media = await existing();
  if (!media) throw new ConflictError(`The photo "${id}" is being written by another request; retry.`);
  return { created, media };
}
