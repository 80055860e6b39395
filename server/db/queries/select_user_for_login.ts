import type { Queryable } from '../db.ts';

export interface LoginRow {
  id: number;
  username: string;
  password_hash: string;
  disabled: boolean;
  token_generation: number;
}

export async function selectUserForLogin(db: Queryable, username: string): Promise<LoginRow | undefined> {
  const [row] = await db.query<LoginRow>(`select id, username, password_hash, disabled, token_generation from app_user where username = $1::text`, [username]);
  return row;
}
