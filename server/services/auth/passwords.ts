import { hash, verify } from '@node-rs/argon2';
import { ValidationError } from '../../errors.ts';

/** argon2id with the library's defaults (OWASP's recommended minimum: 19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  if (password.length < 8) throw new ValidationError('A password needs at least 8 characters.', [{ field: 'password', problem: 'shorter than 8 characters' }]);
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
