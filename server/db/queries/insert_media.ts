import type { Queryable } from '../db.ts';

export interface NewMedia {
  id: string;
  ownerId: number;
  contentType: string;
  width: number;
  height: number;
  bytes: Buffer;
  thumb: Buffer;
  sha256: string;
}

/** Stores a photo; false when the id is taken (nothing written). */
export async function insertMedia(db: Queryable, m: NewMedia): Promise<boolean> {
  const rows = await db.query(
    `insert into media (id, owner_id, content_type, width, height, bytes, thumb, sha256)
     values ($1::text, $2::int, $3::text, $4::int, $5::int, $6::bytea, $7::bytea, $8::text)
     on conflict (id) do nothing
     returning id`,
    [m.id, m.ownerId, m.contentType, m.width, m.height, m.bytes, m.thumb, m.sha256],
  );
  return rows.length === 1;
}
