import type { Queryable } from '../db.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  disabled: boolean;
  created_at: string;
  /** area_name: the granted area's name, for people reading the list (null for everywhere). */
  grants: { id: number; role: string; area_code: string | null; area_name: string | null; can_publish: boolean }[];
}

/** Users with their grants; never their password hashes. */
export async function selectUsers(db: Queryable, username?: string): Promise<UserRow[]> {
  return db.query<UserRow>(
    `select u.id, u.username, u.display_name, u.disabled, u.created_at,
            coalesce((select json_agg(json_build_object('id', g.id, 'role', g.role, 'area_code', g.area_code, 'area_name', a.name, 'can_publish', g.can_publish) order by g.id)
                        from role_grant g left join area a on a.code = g.area_code where g.user_id = u.id), '[]'::json) as grants
       from app_user u
      where $1::text is null or u.username = $1::text
      order by u.username`,
    [username ?? null],
  );
}
