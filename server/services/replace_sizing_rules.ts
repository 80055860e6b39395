import type { Db } from '../db/db.ts';
import { replaceSizingRules as replaceRules } from '../db/queries/replace_sizing_rules.ts';
import { selectSizingRules } from '../db/queries/select_sizing_rules.ts';
import type { SizingRule } from '../domain/sizing/sizing_rule.ts';

/** Replaces every sizing rule in one transaction and returns the stored set. */
export async function replaceSizingRules(db: Db, rules: readonly SizingRule[]): Promise<SizingRule[]> {
  return db.transaction(async (tx) => {
    await replaceRules(tx, rules);
    return selectSizingRules(tx);
  });
}
