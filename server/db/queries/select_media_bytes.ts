import type { Queryable } from '../db.ts';

/** A photo's stored bytes, or its thumbnail's; undefined when there is no such photo. */
export async function selectMediaBytes(db: Queryable, id: string, variant: 'full' | 'thumb'): Promise<Uint8Array | undefined> {
  const [row] = await db.query<{ data: Uint8Array }>(
    `select case when $2::text = 'thumb' then thumb else bytes end as data from media where id = $1::text`,
    [id, variant],
  );
  return row?.data;
}
