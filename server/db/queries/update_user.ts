import type { Queryable } from '../db.ts';

/** Changes a user's display name, password hash or disabled flag; absent fields stay. */
export async function updateUser(db: Queryable, id: number, change: { displayName?: string; passwordHash?: string; disabled?: boolean }): Promise<boolean> {
  const rows = await db.query(
    `update app_user set display_name = coalesce($2::text, display_name), password_hash = coalesce($3::text, password_hash),
            disabled = coalesce($4::boolean, disabled)
      where id = $1::int returning id`,
    [id, change.displayName ?? null, change.passwordHash ?? null, change.disabled ?? null],
  );
  return rows.length > 0;
}
