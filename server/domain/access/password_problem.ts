import { COMMON_PASSWORDS } from './common_passwords.ts';

/** The shortest password allowed, in characters once spaces at either end are left out. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'short' | 'long' | 'common' | 'repetitive' | 'sequence' | 'username';

/**
 * What is wrong with a new password, or null when it may be used: shorter than 8 characters
 * (not counting spaces at either end, so eight spaces are refused), longer than 256, one of the
 * common passwords that are tried first (`12345678`, `woaini1314`), fewer than four different
 * characters (`aaaaaaaa`, `abababab`), a run of consecutive characters (`12345678`,
 * `abcdefgh`, `98765432`), or the user's own name. The same rule runs in the admin page before
 * sending, and on the server, which has the last word.
 *
 * @example passwordProblem('12345678') // 'common'
 * @example passwordProblem('        ') // 'short'
 * @example passwordProblem('青溪路 grid 2026') // null
 */
export function passwordProblem(password: string, username?: string): PasswordProblem | null {
  const chars = [...password.trim()];
  if (chars.length < PASSWORD_MIN_LENGTH) return 'short';
  if ([...password].length > PASSWORD_MAX_LENGTH) return 'long';
  const lower = password.trim().toLowerCase();
  if (username && lower === username.toLowerCase()) return 'username';
  if (COMMON_PASSWORDS.has(lower)) return 'common';
  if (new Set(lower).size < 4) return 'repetitive';
  if (isRun(lower)) return 'sequence';
  return null;
}

/** What each problem says, in both languages the service speaks (the API's problem text). */
export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, { zh: string; en: string }> = {
  short: { zh: `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符（首尾空格不计）`, en: `a password needs at least ${PASSWORD_MIN_LENGTH} characters, not counting spaces at either end` },
  long: { zh: `密码最多 ${PASSWORD_MAX_LENGTH} 个字符`, en: `a password may have at most ${PASSWORD_MAX_LENGTH} characters` },
  common: { zh: '这是最常被猜中的密码之一，请换一个', en: 'this is one of the passwords tried first; choose another' },
  repetitive: { zh: '密码中不同的字符太少，请换一个', en: 'too few different characters; choose another' },
  sequence: { zh: '连续的字符（如 12345678、abcdefgh）太容易被猜中，请换一个', en: 'a run of consecutive characters (12345678, abcdefgh) is guessed at once; choose another' },
  username: { zh: '密码不能与用户名相同', en: 'the password may not be the user name' },
};

/** Each character one more (or each one less) than the one before: 12345678, abcdefgh, 87654321. */
function isRun(s: string): boolean {
  const codes = [...s].map((c) => c.codePointAt(0)!);
  const step = codes[1] - codes[0];
  if (step !== 1 && step !== -1) return false;
  return codes.every((c, i) => i === 0 || c - codes[i - 1] === step);
}
