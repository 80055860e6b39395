import type { Db } from '../../db/db.ts';
import { UnauthorizedError } from '../../errors.ts';
import { selectUserForLogin } from '../../db/queries/select_user_for_login.ts';
import { dummyHash, passwordMatches } from './passwords.ts';
import { issueToken } from './tokens.ts';

/** Checks a username and password and returns a bearer token; one vague error for any failure. */
export async function login(db: Db, username: string, password: string): Promise<{ token: string; expiresAt: string; userId: number }> {
  const user = await selectUserForLogin(db, username);
  const ok = await passwordMatches(user?.password_hash ?? (await dummyHash()), password);
  if (!user || !ok || user.disabled) throw new UnauthorizedError('Wrong username or password, or the account is disabled.');
  return { ...(await issueToken(db, user.id, user.username, user.token_generation)), userId: user.id };
}
