import type { Queryable } from '../db.ts';

/**
 * Changes a user's display name, password hash or disabled flag; absent fields stay. `signOut`
 * moves their sessions' generation on: every token issued before stops working.
 */
export async function updateUser(db: Queryable, id: number, change: { displayName?: string; passwordHash?: string; disabled?: boolean; signOut?: boolean }): Promise<boolean> {
  const rows = await db.query(
    `update app_user set display_name = coalesce($2::text, display_name), password_hash = coalesce($3::text, password_hash),
            disabled = coalesce($4::boolean, disabled), token_generation = token_generation + case when $5::boolean then 1 else 0 end
      where id = $1::int returning id`,
    [id, change.displayName ?? null, change.passwordHash ?? null, change.disabled ?? null, change.signOut ?? false],
  );
  return rows.length > 0;
}
