import type { Queryable } from '../db.ts';

export async function deleteRoleGrant(db: Queryable, userId: number, grantId: number): Promise<{ role: string; area_code: string | null } | undefined> {
  const [row] = await db.query<{ role: string; area_code: string | null }>(
    `delete from role_grant where id = $2::int and user_id = $1::int returning role, area_code`,
    [userId, grantId],
  );
  return row;
}
