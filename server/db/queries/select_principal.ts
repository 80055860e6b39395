import type { Queryable } from '../db.ts';
import type { Principal } from '../../domain/access/can.ts';

/** A live user with their grants and the generation of their sessions, or undefined when the user is gone or disabled. */
export async function selectPrincipal(db: Queryable, userId: number): Promise<(Principal & { tokenGeneration: number }) | undefined> {
  const [row] = await db.query<{ id: number; username: string; token_generation: number; grants: { role: string; area_code: string | null; can_publish: boolean }[] }>(
    `select u.id, u.username, u.token_generation,
            coalesce((select json_agg(json_build_object('role', g.role, 'area_code', g.area_code, 'can_publish', g.can_publish) order by g.id)
                        from role_grant g where g.user_id = u.id), '[]'::json) as grants
       from app_user u where u.id = $1::int and not u.disabled`,
    [userId],
  );
  if (!row) return undefined;
  return {
    userId: row.id,
    username: row.username,
    tokenGeneration: row.token_generation,
    grants: row.grants.map((g) => ({ role: g.role as Principal['grants'][number]['role'], areaCode: g.area_code, canPublish: g.can_publish })),
  };
}
