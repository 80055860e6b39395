import type { Db, Queryable } from '../db/db.ts';
import { replaceSizingRules as replaceRules } from '../db/queries/replace_sizing_rules.ts';
import { selectSizingRules } from '../db/queries/select_sizing_rules.ts';
import type { SizingRule } from '../domain/sizing/sizing_rule.ts';

/**
 * Replaces every sizing rule in one transaction and returns the stored set; `beforeCommit` sees
 * the set before and after inside that transaction (for the audit entry).
 */
export async function replaceSizingRules(
  db: Db,
  rules: readonly SizingRule[],
  beforeCommit?: (tx: Queryable, before: SizingRule[], after: SizingRule[]) => Promise<void>,
): Promise<SizingRule[]> {
  return db.transaction(async (tx) => {
    const before = beforeCommit ? await selectSizingRules(tx) : [];
    await replaceRules(tx, rules);
    const after = await selectSizingRules(tx);
    await beforeCommit?.(tx, before, after);
    return after;
  });
}
