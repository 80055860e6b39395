import type { Queryable } from '../db.ts';

/** An access key as its owner and administrators see it: never the key or its hash. */
export interface AccessKeyRow {
  id: number;
  username: string;
  name: string;
  prefix: string;
  permissions: string[];
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** Keys of one user (`userId`), or of everyone (null), newest first; `id` narrows to one key. */
export async function selectAccessKeys(db: Queryable, userId: number | null, id?: number): Promise<AccessKeyRow[]> {
  return db.query<AccessKeyRow>(
    `select k.id::int as id, u.username, k.name, k.prefix, k.permissions,
            to_char(k.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
            to_char(k.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as expires_at,
            to_char(k.last_used_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as last_used_at,
            to_char(k.revoked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as revoked_at,
            k.revoked_by
       from access_key k join app_user u on u.id = k.user_id
      where ($1::int is null or k.user_id = $1::int) and ($2::bigint is null or k.id = $2::bigint)
      order by k.created_at desc, k.id desc
      limit 1000`,
    [userId, id ?? null],
  );
}
