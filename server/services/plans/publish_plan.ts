import type { Db } from '../../db/db.ts';
import { ConflictError } from '../../errors.ts';
import { selectPlanRootFingerprint } from '../../db/queries/select_plan_root_fingerprint.ts';
import { selectPlanCells } from '../../db/queries/select_plan_cells.ts';
import { selectPlanChangedBbox } from '../../db/queries/select_plan_changed_bbox.ts';
import { publishPlanNewAreas } from '../../db/queries/publish_plan_new_areas.ts';
import { publishPlanChangedAreas } from '../../db/queries/publish_plan_changed_areas.ts';
import { publishPlanDeletedAreas } from '../../db/queries/publish_plan_deleted_areas.ts';
import { publishPlanRepath } from '../../db/queries/publish_plan_repath.ts';
import { updateOpenEventsAfterPlan } from '../../db/queries/update_open_events_after_plan.ts';
import { insertPlanVersion } from '../../db/queries/insert_plan_version.ts';
import { updatePlanStatus } from '../../db/queries/update_plan_status.ts';
import { insertAudit } from '../../db/queries/insert_audit.ts';
import type { PlanVersion } from '../../db/queries/select_plan_versions.ts';
import { planTree } from '../../domain/plans/plan_cell.ts';
import { boundaryCrossings, type Crossing } from '../../domain/plans/boundary_crossings.ts';
import { selectRootMembers } from '../../db/queries/select_root_members.ts';
import { reassignAfterChange } from '../reassign_after_change.ts';
import { emitAreasChanged } from '../area_changes.ts';
import { loadDraftForEdit } from './load_draft_for_edit.ts';
import { diffPlan } from './diff_plan.ts';

export interface PublishResult {
  version: PlanVersion;
  /** What moved, as the diff counts it (cells at the highest level where chains part). */
  moved: { households: number; facilities: number; events: number; staff: number };
  /** Households and facilities whose stored cell (the deepest) the re-assignment rewrote. */
  reassigned: number;
}

/**
 * Publishes a draft in one transaction: refuses (409) when the published subtree changed since
 * the draft was copied (another plan published, a coverage fix, an import); otherwise inserts
 * the new cells parents first, writes the changed ones, removes the deleted ones (staff and
 * party organisations to their successors), recomputes paths, re-assigns the households and
 * facilities around the changes, moves open events to their new cells, records the version and
 * an audit entry per area. A draft may only re-arrange what lies in its root's subtree: when
 * anything (a household, facility, open event or staff assignment) would cross the root's
 * boundary, into it or out of it (to another subtree or to no cell), the publish is refused
 * (409) with the list and nothing is written. After the commit, tiles, the locate index and other caches are told.
 */
export async function publishPlan(db: Db, planId: number, rev: number, actor: string, reason: string): Promise<PublishResult> {
  const done = await db.transaction(async (tx) => {
    const plan = await loadDraftForEdit(tx, planId, rev);
    const now = await selectPlanRootFingerprint(tx, plan.root);
    if (!now) throw new ConflictError(`The plan's root ${plan.root} is no longer published: discard this plan.`);
    if (now.fingerprint !== plan.base_fingerprint) {
      throw new ConflictError(`The published cells under ${plan.root} changed since plan ${planId} was made${now.version !== plan.base_version ? ` (version ${now.version} was published)` : ''}: open a new plan from the published tree and redo these edits.`);
    }
    const bbox = await selectPlanChangedBbox(tx, planId);
    const cells = await selectPlanCells(tx, planId);
    // What will move, counted on the draft before it is written (the diff's view).
    const diff = await diffPlan(tx, planId);
    // What lies in the root's subtree now, to compare with what lies there once the draft is written.
    const membersBefore = bbox ? await selectRootMembers(tx, plan.root, bbox) : [];
    const tree = planTree(cells, plan.root);
    const depth = (code: string): number => {
      let d = 0;
      for (let c = tree.byCode.get(code); c?.parentCode && d < 64; c = tree.byCode.get(c.parentCode)) d++;
      return d;
    };
    const fresh = cells.filter((c) => !c.deleted && c.areaId === null);
    const inserted: { code: string; after: unknown }[] = [];
    for (const d of [...new Set(fresh.map((c) => depth(c.code)))].sort((a, b) => a - b)) {
      const codes = fresh.filter((c) => depth(c.code) === d).map((c) => c.code);
      const rows = await publishPlanNewAreas(tx, planId, codes);
      if (rows.length < codes.length) {
        const missing = codes.filter((c) => !rows.some((r) => r.code === c));
        throw new ConflictError(`Code ${missing.join(', ')} is already used by a published area: rename or redraw those cells, then publish.`);
      }
      inserted.push(...rows);
    }
    const changed = await publishPlanChangedAreas(tx, planId);
    const deleted = await publishPlanDeletedAreas(tx, planId);
    await publishPlanRepath(tx, plan.root);
    const reassigned = bbox ? await reassignAfterChange(tx, bbox) : { moves: [] };
    const events = bbox ? await updateOpenEventsAfterPlan(tx, bbox) : [];
    if (bbox) refuseCrossings(plan.root, planId, boundaryCrossings(membersBefore, await selectRootMembers(tx, plan.root, bbox)));
    const moved = { households: diff.totals.households, facilities: diff.totals.facilities, events: events.length, staff: diff.totals.staff };
    const codes = [...inserted, ...changed, ...deleted].map((r) => r.code).sort();
    const version = await insertPlanVersion(tx, { planId, region: plan.region, root: plan.root, by: actor, reason, baseVersion: plan.base_version, codes, moved: { ...moved, reassigned: reassigned.moves.length, moves: diff.moves } });
    await updatePlanStatus(tx, planId, 'published', version.id);
    for (const r of inserted) await insertAudit(tx, { actor, action: 'plan.publish', entity: 'area', entityId: r.code, areaCode: r.code, before: null, after: r.after });
    for (const r of changed) await insertAudit(tx, { actor, action: 'plan.publish', entity: 'area', entityId: r.code, areaCode: r.code, before: r.before, after: r.after });
    for (const r of deleted) await insertAudit(tx, { actor, action: 'plan.publish', entity: 'area', entityId: r.code, areaCode: r.code, before: r.before, after: null });
    await insertAudit(tx, {
      actor, action: 'plan.publish', entity: 'plan', entityId: String(planId), areaCode: plan.root,
      before: { base_version: plan.base_version }, after: { version: version.id, reason, codes, moved, reassigned: reassigned.moves.length, events, staff: diff.moves.staff },
    });
    return { version, moved, reassigned: reassigned.moves.length, codes, bbox };
  });
  if (done.codes.length) emitAreasChanged(db, { codes: done.codes, bbox: done.bbox });
  return { version: done.version, moved: done.moved, reassigned: done.reassigned };
}

/** Refuses (409, nothing written) a publish that moves anything across the boundary of its root, listing what. */
function refuseCrossings(root: string, planId: number, crossings: Crossing[]): void {
  if (crossings.length === 0) return;
  const counts = new Map<string, number>();
  for (const c of crossings) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const what = [...counts].map(([kind, n]) => `${n} ${kind === 'staff' ? 'staff assignment' : kind}${n > 1 ? 's' : ''}`).join(', ');
  throw new ConflictError(
    `Publishing plan ${planId} would move ${what} across the boundary of ${root}, into it or out of it (to another area or to no cell): ` +
      `a plan re-arranges only what lies under its root. Redraw the cells so that they cover what they covered at the root's edge, then publish.`,
    crossings.slice(0, 1000).map((c) => ({
      field: c.kind,
      code: c.id,
      problem: c.way === 'into' ? `would move into ${root} from outside it` : `would leave ${root} (for another area or for no cell)`,
    })),
  );
}
