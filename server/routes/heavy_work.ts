import type { Request, Response } from 'express';
import { TimeLimitError, TooManyRequestsError } from '../errors.ts';
import { withStatementLimits } from '../db/statement_limits.ts';

export interface HeavyWorkLimits {
  /** Heavy requests one user (or, signed out, one address) may have running at once. */
  perUser: number;
  /** Heavy requests the whole service runs at once. */
  total: number;
  /** How long one may run before it is stopped (ms). */
  timeLimitMs: number;
}

/** Runs one heavy request's work: `what` names it in the messages ("the coverage check"). */
export type RunHeavy = <T>(req: Request, res: Response, what: string, work: () => Promise<T>) => Promise<T>;

/** Why heavy work stopped when its client went away; nobody reads the answer. */
class ClientGone extends Error {
  override name = 'ClientGone';
}

/**
 * The gate in front of heavy work (coverage checks and fixes, sizing reports and proposals, area
 * and point imports, plan publishes): at most `perUser` at once per user and `total` in all, each
 * over answered with a 429 and Retry-After; each stopped after `timeLimitMs` (a 503 saying so)
 * or as soon as its client disconnects. Stopping reaches the database through statement limits
 * (statement_limits.ts): a PostGIS server cancels the statement, the embedded database's worker is
 * stopped and reopened; either way the work's transaction rolls back.
 *
 * @example const heavy = heavyWork({ perUser: 2, total: 4, timeLimitMs: 120_000 });
 *          res.json(await heavy(req, res, 'the coverage check', () => checkCoverage(db, q)));
 */
export function heavyWork(limits: HeavyWorkLimits): RunHeavy {
  const running = new Map<string, number>();
  let total = 0;
  return async (req, res, what, work) => {
    const who = req.principal?.username ? `user ${req.principal.username}` : `address ${req.ip}`;
    const mine = running.get(who) ?? 0;
    if (mine >= limits.perUser) {
      throw new TooManyRequestsError(`You (${who}) already have ${mine} heavy request(s) running (coverage checks, sizing, imports, plan checks and publishes); at most ${limits.perUser} at once per user (GRIDWORK_HEAVY_PER_USER). Wait for one to finish, then retry ${what}.`);
    }
    if (total >= limits.total) {
      throw new TooManyRequestsError(`The service is running its limit of ${limits.total} heavy requests at once (GRIDWORK_HEAVY_TOTAL); retry ${what} in a few seconds.`);
    }
    running.set(who, mine + 1);
    total++;
    const stop = new AbortController();
    const seconds = Math.round(limits.timeLimitMs / 100) / 10;
    const timer = setTimeout(
      () => stop.abort(new TimeLimitError(`${capitalise(what)} ran past its time limit of ${seconds} s and was stopped; nothing it was writing was kept. Ask for a smaller subtree, or raise GRIDWORK_HEAVY_TIME_LIMIT_S.`)),
      limits.timeLimitMs,
    );
    const gone = () => {
      if (!res.writableEnded) stop.abort(new ClientGone(`the client of ${what} went away`));
    };
    res.once('close', gone);
    try {
      // Work that ends past its limit without a statement left to stop (its last part ran in
      // JavaScript) keeps its answer: what it wrote is committed by then.
      return await withStatementLimits({ signal: stop.signal, deadline: Date.now() + limits.timeLimitMs }, work);
    } finally {
      clearTimeout(timer);
      res.off('close', gone);
      total--;
      const left = (running.get(who) ?? 1) - 1;
      if (left > 0) running.set(who, left);
      else running.delete(who);
    }
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
