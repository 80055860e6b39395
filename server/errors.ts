/** One thing wrong with the input: where (which feature or row, which field) and what. */
export interface Problem {
  /** 0-based index of the feature or row in the input. */
  index?: number;
  /** The feature's code or id, when it has one. */
  code?: string;
  field?: string;
  problem: string;
  /** A stable key for what is wrong (`password.short`), for clients that say it in their own language. */
  reason?: string;
}

export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    message: string,
    /** What conflicts, one entry each, when there is a list to give (a publish's boundary crossings). */
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}

/** Refuses the whole input when anything is wrong with it, listing every problem found. */
export function throwIfProblems(problems: Problem[], what: string): void {
  if (problems.length === 0) return;
  const first = problems[0];
  const where = first.index === undefined ? '' : ` (feature ${first.index}${first.code ? `, code ${first.code}` : ''})`;
  const more = problems.length > 1 ? `, and ${problems.length - 1} more problem(s)` : '';
  throw new ValidationError(`${what} refused: ${first.problem}${where}${more}. Nothing was written.`, problems);
}
