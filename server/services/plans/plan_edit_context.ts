import type { Queryable } from '../../db/db.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import type { PlanRecord, PlanRow } from '../../db/queries/plan_row.ts';
import { selectPlanCells } from '../../db/queries/select_plan_cells.ts';
import { selectPlanRows } from '../../db/queries/select_plan_rows.ts';
import { unionPlanChildren } from '../../db/queries/union_plan_children.ts';
import { deletePlanAreas } from '../../db/queries/delete_plan_areas.ts';
import { planTree, type PlanCell, type PlanTree } from '../../domain/plans/plan_cell.ts';
import { cellsRefusingEdit } from '../../domain/plans/cells_refusing_edit.ts';
import { parentsFollowingChildren } from '../../domain/plans/parents_following_children.ts';

/**
 * What an edit operation works with, inside the edit's transaction: the draft's tree as it
 * stood before the edit, and `touch`, which every operation calls before writing a cell so the
 * log keeps that cell's row as it was (undo puts it back byte for byte).
 */
export class PlanEditContext {
  readonly before = new Map<string, PlanRow | null>();
  private constructor(
    readonly tx: Queryable,
    readonly plan: PlanRecord,
    readonly cells: PlanCell[],
    readonly tree: PlanTree,
  ) {}

  static async open(tx: Queryable, plan: PlanRecord): Promise<PlanEditContext> {
    const cells = await selectPlanCells(tx, plan.id);
    return new PlanEditContext(tx, plan, cells, planTree(cells, plan.root));
  }

  get planId(): number {
    return this.plan.id;
  }

  /** Every code the draft holds or held (deleted copies too): new codes must avoid them all. */
  takenCodes(): Set<string> {
    return new Set(this.cells.map((c) => c.code));
  }

  /** The live cell `code`, or a 400 naming `field`. */
  cell(code: string, field: string): PlanCell {
    const c = this.tree.byCode.get(code);
    if (!c) throw new ValidationError(`No cell ${code} in plan ${this.plan.id} (field ${field}): GET /api/plans/${this.plan.id}/areas lists them.`, [{ field, code, problem: `no cell ${code} in this draft` }]);
    return c;
  }

  /** Refuses the edit (409) when any of these cells is locked, naming them. */
  refuseLocked(codes: readonly string[]): void {
    const locked = cellsRefusingEdit(this.tree, codes);
    if (locked.length) throw new ConflictError(`Cell ${locked.join(', ')} is locked in plan ${this.plan.id}: unlock it ({op:'unlock', code}) before changing it.`);
  }

  /** Keeps these cells' rows as they are now (the first time each is touched in this edit). */
  async touch(codes: readonly string[]): Promise<void> {
    const fresh = [...new Set(codes)].filter((c) => !this.before.has(c));
    if (fresh.length === 0) return;
    const rows = new Map((await selectPlanRows(this.tx, this.plan.id, fresh)).map((r) => [r.code, r]));
    for (const c of fresh) this.before.set(c, rows.get(c) ?? null);
  }

  /**
   * Re-draws the parents that follow their children (see parentsFollowingChildren) after
   * `changed` cells moved or changed shape; `extraParents` names parents the changed cells have
   * left. A locked parent refuses the edit. Returns the parents left with no children.
   */
  async redrawParents(changed: readonly string[], extraParents: readonly string[] = []): Promise<string[]> {
    const now = planTree(await selectPlanCells(this.tx, this.plan.id), this.plan.root);
    const parents = parentsFollowingChildren(now, changed, extraParents);
    const locked = cellsRefusingEdit(now, parents);
    if (locked.length) throw new ConflictError(`Cell ${locked.join(', ')} is locked in plan ${this.plan.id}, and this edit would redraw its outline: unlock it first.`);
    await this.touch(parents);
    return unionPlanChildren(this.tx, this.plan.id, parents);
  }

  /** Removes cells (flagging published copies deleted), their staff going to `successor`. */
  async remove(codes: readonly string[], successor: string | null): Promise<void> {
    await this.touch(codes);
    await deletePlanAreas(this.tx, this.plan.id, [...codes], successor);
  }
}
