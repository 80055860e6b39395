import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/db.ts';
import { ConflictError } from '../errors.ts';
import { replaceSizingRules as replaceRules } from '../db/queries/replace_sizing_rules.ts';
import { selectSizingRules } from '../db/queries/select_sizing_rules.ts';
import type { SizingRule } from '../domain/sizing/sizing_rule.ts';

/**
 * The rule set's revision, for ETag and If-Match: a hash of the rules as stored, so that it changes
 * exactly when they do. Example: sizingRulesTag(rules) → '"3f2a…"' (quoted, as an ETag is).
 */
export function sizingRulesTag(rules: readonly SizingRule[]): string {
  return `"${createHash('sha256').update(JSON.stringify(rules)).digest('base64url').slice(0, 22)}"`;
}

/**
 * Replaces every sizing rule in one transaction and returns the stored set; `beforeCommit` sees
 * the set before and after inside that transaction (for the audit entry). With `ifMatch` (the
 * ETag the editor read), a set someone else saved meanwhile is refused (409), not overwritten.
 */
export async function replaceSizingRules(
  db: Db,
  rules: readonly SizingRule[],
  beforeCommit?: (tx: Queryable, before: SizingRule[], after: SizingRule[]) => Promise<void>,
  ifMatch?: string,
): Promise<SizingRule[]> {
  return db.transaction(async (tx) => {
    // Two saves at once: the second waits here, then sees the first one's rules.
    await tx.query('lock table sizing_rule in share row exclusive mode');
    const before = await selectSizingRules(tx);
    if (ifMatch !== undefined && ifMatch !== sizingRulesTag(before)) {
      throw new ConflictError('The sizing rules were changed by someone else since you read them: read them again (GET /api/sizing/rules) and make your change on those. Nothing was saved.');
    }
    await replaceRules(tx, rules);
    const after = await selectSizingRules(tx);
    await beforeCommit?.(tx, before, after);
    return after;
  });
}
