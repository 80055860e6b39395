import type { Queryable } from '../db.ts';

/** Grants a role at an area (null: everywhere); granting the same role at the same area twice is one grant. */
export async function insertRoleGrant(db: Queryable, grant: { userId: number; role: string; areaCode: string | null; canPublish: boolean }): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `insert into role_grant (user_id, role, area_code, can_publish) values ($1::int, $2::text, $3::text, $4::boolean)
     on conflict (user_id, role, area_code) do update set can_publish = excluded.can_publish
     returning id`,
    [grant.userId, grant.role, grant.areaCode, grant.canPublish],
  );
  return row.id;
}
