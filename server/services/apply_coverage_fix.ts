import type { Db, Queryable } from '../db/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { CoverageKind, CoverageProblem, FixType } from '../domain/coverage/coverage_problem.ts';
import { assignPendingPoints } from '../db/queries/assign_pending_points.ts';
import { selectParentCode } from '../db/queries/select_parent_code.ts';
import { selectAreaWkb, type AreaWkbRow } from '../db/queries/select_area_wkb.ts';
import { mergePieceIntoArea } from '../db/queries/merge_piece_into_area.ts';
import { subtractPieceFromAreas } from '../db/queries/subtract_piece_from_areas.ts';
import { snapAreasToNeighbours } from '../db/queries/snap_areas_to_neighbours.ts';
import { clipAreaToParent } from '../db/queries/clip_area_to_parent.ts';
import { makeAreaValid } from '../db/queries/make_area_valid.ts';
import { markPointsPendingInShapes } from '../db/queries/mark_points_pending_in_shapes.ts';
import { insertCoverageFix } from '../db/queries/insert_coverage_fix.ts';
import { checkCoverageIn, rememberedProblem, rememberProblems } from './check_coverage.ts';
import { emitAreasChanged } from './area_changes.ts';

export interface FixRequest {
  /** The problem's id from GET /api/coverage … */
  problemId?: string;
  /** … or its kind and the codes of its areas. */
  kind?: CoverageKind;
  codes?: string[];
  type: FixType;
  params?: { into?: string; keep?: string; tolerance?: number };
  /**
   * Inside the fix's transaction once the areas are reshaped: the caller's access check on the
   * touched areas and its audit entry, which commit or roll back with the fix.
   */
  beforeCommit?: (tx: Queryable, fix: { fix_id: number; problem_id: string; kind: string; type: string; params: Record<string, unknown>; codes: string[] }) => Promise<void>;
}

export interface FixResult {
  fix_id: number;
  problem_id: string;
  type: FixType;
  codes: string[];
  /** Whether the problem is gone when its parent is checked again. */
  resolved: boolean;
  /** What the check finds now among the touched areas' siblings. */
  remaining: CoverageProblem[];
  reassigned: { households: number; facilities: number };
}

/**
 * Applies one suggested fix in one transaction: finds the problem again (so the fix works on
 * what is stored now, not on what a client saw), reshapes the areas, logs their geometries
 * before and after (for undo), marks the points inside the touched shapes pending and assigns
 * them again, and re-checks the touched areas' parent. Subscribers hear of it after commit.
 */
export async function applyCoverageFix(db: Db, request: FixRequest): Promise<FixResult> {
  const result = await db.transaction(async (tx) => {
    await tx.query('set local jit = off');
    const { problem, scope } = await findProblem(db, tx, request);
    const fix = problem.properties.fixes.find((f) => f.type === request.type);
    if (!fix) {
      const offered = problem.properties.fixes.map((f) => f.type);
      throw new ValidationError(`Invalid body parameter "type": a ${problem.properties.kind} is fixed by ${offered.join(' or ') || 'no automatic fix'}, not ${request.type}.`, [
        { field: 'type', problem: `expected one of: ${offered.join(', ') || '(none)'}` },
      ]);
    }
    const params = { ...fix.params, ...request.params };
    const codes = problem.properties.areas.map((a) => a.code);
    const requireAmong = (field: 'into' | 'keep', code: unknown) => {
      if (typeof code !== 'string' || !codes.includes(code)) {
        throw new ValidationError(`Invalid body parameter "params.${field}": ${JSON.stringify(code)} is not one of the problem's areas (${codes.join(', ')}).`, [
          { field: `params.${field}`, problem: `expected one of: ${codes.join(', ')}` },
        ]);
      }
      return code;
    };

    let touched: string[];
    switch (request.type) {
      case 'merge_gap':
        touched = [requireAmong('into', params.into)];
        break;
      case 'subtract_overlap':
        // The keeper is listed first: it takes the whole overlap, the others lose it.
        touched = [requireAmong('keep', params.keep), ...codes.filter((c) => c !== params.keep)];
        break;
      case 'snap_sliver':
      case 'clip_spill':
      case 'make_valid':
        touched = codes;
        break;
    }
    const before = await selectAreaWkb(tx, touched);
    const piece = problem.geometry;
    switch (request.type) {
      case 'merge_gap':
        await mergePieceIntoArea(tx, touched[0], piece);
        break;
      case 'subtract_overlap':
        // Where the keeper did not cover the whole overlap (three owners, each covering part of
        // it), only subtracting would leave that part to nobody: the keeper takes it all.
        await mergePieceIntoArea(tx, touched[0], piece);
        await subtractPieceFromAreas(tx, touched.slice(1), piece);
        break;
      case 'snap_sliver': {
        const tolerance = Number(params.tolerance);
        if (!(tolerance > 0 && tolerance <= 10)) {
          throw new ValidationError(`Invalid body parameter "params.tolerance": expected metres in (0, 10], got ${JSON.stringify(params.tolerance)}.`, [{ field: 'params.tolerance', problem: 'expected a number of metres in (0, 10]' }]);
        }
        // Snap onto the parent's outline and every sibling near the sliver (the areas themselves
        // included: each snaps onto the others).
        const targets = [...codes, ...(problem.properties.parent ? [problem.properties.parent.code] : [])];
        await snapAreasToNeighbours(tx, codes, targets, metresToDegrees(tolerance, centroidLat(problem)));
        break;
      }
      case 'clip_spill':
        await clipAreaToParent(tx, touched[0]);
        break;
      case 'make_valid':
        await makeAreaValid(tx, touched[0]);
        break;
    }
    const after = await selectAreaWkb(tx, touched);
    const fixId = await insertCoverageFix(tx, {
      problem_id: problem.id, kind: problem.properties.kind, type: request.type, params, codes: touched,
      before: before.map(({ code, wkb }) => ({ code, wkb })), after: after.map(({ code, wkb }) => ({ code, wkb })),
    });
    await request.beforeCommit?.(tx, { fix_id: fixId, problem_id: problem.id, kind: problem.properties.kind, type: request.type, params, codes: touched });
    const reassigned = await reassignPoints(tx, before, after);
    const recheck = await checkCoverageIn(tx, { root: scope.root, levels: [scope.level] });
    return {
      fix_id: fixId, problem_id: problem.id, type: request.type, codes: touched,
      resolved: !recheck.features.some((p) => p.id === problem.id),
      remaining: recheck.features, reassigned, bbox: unionBbox([...before, ...after]),
    };
  });
  rememberProblems(db, result.remaining);
  emitAreasChanged(db, { codes: result.codes, bbox: result.bbox });
  const { bbox: _bbox, ...answer } = result;
  return answer;
}

/** Marks the points in the touched shapes (old and new) pending and assigns them again. */
export async function reassignPoints(tx: Queryable, before: AreaWkbRow[], after: AreaWkbRow[]): Promise<{ households: number; facilities: number }> {
  await markPointsPendingInShapes(tx, [...before, ...after].map((r) => r.wkb), before.map((r) => r.id));
  const h = await assignPendingPoints(tx, 'household');
  const f = await assignPendingPoints(tx, 'facility');
  return { households: h.assigned + h.orphans, facilities: f.assigned + f.orphans };
}

export function unionBbox(rows: { bbox: [number, number, number, number] }[]): [number, number, number, number] | null {
  if (rows.length === 0) return null;
  return rows.reduce<[number, number, number, number]>(
    (b, r) => [Math.min(b[0], r.bbox[0]), Math.min(b[1], r.bbox[1]), Math.max(b[2], r.bbox[2]), Math.max(b[3], r.bbox[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
}

/**
 * Finds the problem the request names, as the check finds it now, and the scope to re-check:
 * the parent whose children it lies among and their level.
 */
async function findProblem(db: Db, tx: Queryable, request: FixRequest): Promise<{ problem: CoverageProblem; scope: { root: string; level: string } }> {
  let kind = request.kind;
  let codes = request.codes;
  let scope: { root: string; level: string };
  if (request.problemId) {
    const where = rememberedProblem(db, request.problemId);
    if (!where) throw new NotFoundError(`Problem "${request.problemId}" is not known here: run GET /api/coverage?root=… first, or name the problem by kind and codes.`);
    kind = where.kind;
    codes = where.codes;
    scope = { root: where.parentCode ?? where.codes[0], level: where.level };
  } else {
    if (!kind || !codes || codes.length === 0) throw new ValidationError('Invalid body: name the problem by "problem_id", or by "kind" and "codes".', [{ field: 'problem_id', problem: 'required unless kind and codes are given' }]);
    const area = await selectParentCode(tx, codes[0]);
    if (!area) throw new NotFoundError(`No area has code "${codes[0]}" (body parameter "codes").`);
    scope = { root: area.parent_code ?? codes[0], level: area.level };
  }
  if (kind === 'orphan') throw new ValidationError('Invalid body parameter "kind": an orphan point is fixed by moving the point or drawing a cell around it, not by a coverage fix.', [{ field: 'kind', problem: 'orphans have no automatic fix' }]);
  const report = await checkCoverageIn(tx, { root: scope.root, levels: [scope.level], kinds: [kind!] });
  const same = (p: CoverageProblem) => {
    const mine = p.properties.areas.map((a) => a.code).sort();
    return mine.length === codes!.length && [...codes!].sort().every((c, i) => c === mine[i]);
  };
  const matches = request.problemId ? report.features.filter((p) => p.id === request.problemId) : report.features.filter(same);
  if (matches.length === 0) throw new ConflictError(`The ${kind} among ${codes!.join(', ')} is no longer found: it may have been fixed already. Run the check again.`);
  if (matches.length > 1) throw new ConflictError(`${matches.length} problems of kind ${kind} involve exactly ${codes!.join(', ')}: name one by "problem_id" (${matches.map((m) => m.id).join(', ')}).`);
  return { problem: matches[0], scope };
}

/** Metres as degrees of longitude at this latitude: the larger of the two, so a snap reaches far enough. */
function metresToDegrees(metres: number, lat: number): number {
  return metres / (111_320 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
}

function centroidLat(problem: CoverageProblem): number {
  const g = problem.geometry;
  const first = g.type === 'Point' ? g.coordinates : g.type === 'Polygon' ? g.coordinates[0][0] : g.coordinates[0][0][0];
  return first[1];
}
