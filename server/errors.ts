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

/** Over a limit on how much one caller may run at once or in a while (429, with Retry-After). */
export class TooManyRequestsError extends Error {
  override name = 'TooManyRequestsError';
  /** Answered as the rate limiters' 429s are: `error: "TooManyRequests"`. */
  readonly status = 429;
  constructor(
    message: string,
    /** Seconds after which a retry may succeed. */
    readonly retryAfter: number = 5,
  ) {
    super(message);
  }
}

/** A body (or part of it) over a configured size limit (413): the message names the limit and where. */
export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
  /** Answered as the body limits' 413s are: `error: "PayloadTooLarge"`. */
  readonly status = 413;
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

/** Heavy work stopped at its time limit (503): nothing it was writing was kept. */
export class TimeLimitError extends Error {
  override name = 'TimeLimitError';
}
