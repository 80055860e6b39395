import { hash, verify } from '@node-rs/argon2';
import { ValidationError } from '../../errors.ts';
import { PASSWORD_PROBLEM_TEXT, passwordProblem } from '../../domain/access/password_problem.ts';

/**
 * argon2id with the library's defaults (OWASP's recommended minimum: 19 MiB, 2 passes), of a
 * password the policy allows (passwordProblem: a 400 in Chinese and English otherwise).
 */
export function hashPassword(password: string, username?: string): Promise<string> {
  const problem = passwordProblem(password, username);
  if (problem) {
    const { zh, en } = PASSWORD_PROBLEM_TEXT[problem];
    throw new ValidationError(`密码不可用：${zh}。The password is refused: ${en}.`, [{ field: 'password', problem: `${zh} / ${en}`, reason: `password.${problem}` }]);
  }
  return hash(password);
}

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * A real hash to compare against when the username does not exist, so that a wrong username
 * takes as long as a wrong password and reveals nothing.
 */
export function dummyHash(): Promise<string> {
  return (dummy ??= hash('no user has this password'));
}
