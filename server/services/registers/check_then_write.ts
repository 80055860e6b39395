import type { Db, Queryable } from '../../db/db.ts';

/** Thrown to roll a dry run's transaction back once its checks have passed. */
class DryRun extends Error {}

/**
 * Runs a register import's `check` (the caller's access check and audit entry) and then its
 * `write`, in one transaction. On a dry run the transaction is rolled back after the check: it
 * refuses what the real import would refuse, and writes nothing.
 */
export async function checkThenWrite(db: Db, dryRun: boolean | undefined, check: (tx: Queryable) => Promise<void>, write: (tx: Queryable) => Promise<void>): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await check(tx);
      if (dryRun) throw new DryRun();
      await write(tx);
    });
  } catch (err) {
    if (!(err instanceof DryRun)) throw err;
  }
}
