import { NotFoundError } from '../errors.ts';

/** The largest id an `int` identity column holds (plans, fixes, proposals, grants). */
export const MAX_RECORD_ID = 2_147_483_647;

/**
 * The id of a stored record from a path segment: digits only, 1 to 2,147,483,647 (the `int`
 * identity columns). Anything else (`99999999999999999999`, `1e309`, `-1`, `1.5`, `abc`) names no
 * record: a 404 with `notFound`, as an id that was never issued is, rather than a 500 from the
 * database refusing the number, or a 400 that tells a prober more than "no such thing".
 *
 * @example recordId('12', 'No plan 12.') // 12
 * @example recordId('1e309', 'No plan 1e309.') // throws NotFoundError
 */
export function recordId(raw: unknown, notFound: string): number {
  const id = typeof raw === 'string' && /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(id <= MAX_RECORD_ID)) throw new NotFoundError(notFound);
  return id;
}
