import type { Queryable } from '../db.ts';

/** Creates a user; the username must be new. Returns the id. */
export async function insertUser(db: Queryable, user: { username: string; displayName: string; passwordHash: string }): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `insert into app_user (username, display_name, password_hash) values ($1::text, $2::text, $3::text) returning id`,
    [user.username, user.displayName, user.passwordHash],
  );
  return row.id;
}
