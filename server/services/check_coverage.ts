import type { Geometry } from 'geojson';
import type { Db, Queryable } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import type { AreaRef, CoverageKind, CoverageProblem } from '../domain/coverage/coverage_problem.ts';
import { screenParentsByEdges, type TreeArea } from '../domain/coverage/screen_parents_by_edges.ts';
import type { Piece } from '../domain/coverage/piece_to_problem.ts';
import type { PieceRow } from '../domain/coverage/pieces_to_problems.ts';
import { runInWorker } from '../workers/run_in_worker.ts';
import { findAreaProblems, type AreaFacts } from '../domain/coverage/find_area_problems.ts';
import { problemId } from '../domain/coverage/problem_id.ts';
import { summarizeProblems, type CoverageSummary } from '../domain/coverage/summarize_problems.ts';
import { selectCoverageTree, type CoverageTreeRow } from '../db/queries/select_coverage_tree.ts';
import { findInvalidAreas } from '../db/queries/find_invalid_areas.ts';
import { findCoverageGaps } from '../db/queries/find_coverage_gaps.ts';
import { findCoverageOverlaps, type OverlapPair } from '../db/queries/find_coverage_overlaps.ts';
import { selectMadeValidCoverageOutlines } from '../db/queries/select_made_valid_coverage_outlines.ts';
import { findOverlapCandidates } from '../domain/coverage/find_overlap_candidates.ts';
import type { PolygonsCoords } from '../domain/coverage/count_unmatched_edges.ts';
import { findCoverageSpills } from '../db/queries/find_coverage_spills.ts';
import type { CoveragePieceRow } from '../db/queries/coverage_piece_row.ts';
import { countPointsInShapes } from '../db/queries/count_points_in_shapes.ts';
import { selectOrphanPoints } from '../db/queries/select_orphan_points.ts';
import { selectCoverageExceptions } from '../db/queries/select_coverage_exceptions.ts';

export interface CoverageOptions {
  root: string;
  /** Gaps and overlaps thinner than this (metres) are slivers. */
  tolerance?: number;
  /** Pieces smaller than this (m²) are not reported. */
  minArea?: number;
  /**
   * The levels to report: of the children checked (gaps, overlaps, spills, slivers), of the area
   * itself (invalid, non-contiguous, empty), `household` or `facility` for orphan points.
   */
  levels?: string[];
  kinds?: CoverageKind[];
}

export interface CoverageReport {
  type: 'FeatureCollection';
  features: CoverageProblem[];
  summary: CoverageSummary;
  checked: { root: string; levels: string[]; areas: number; parents: number; parents_overlaid: number; ms: number };
}

/** Where a problem was found, so a fix or an exception can name it by id alone. */
export interface RememberedProblem {
  kind: CoverageKind;
  codes: string[];
  /** The parent whose children were checked; null for orphans and a root's own problems. */
  parentCode: string | null;
  level: string;
}

const remembered = new WeakMap<Db, Map<string, RememberedProblem>>();
const REMEMBER_AT_MOST = 100_000;

/** The problem with this id, as the last check on `db` that found it reported it. */
export function rememberedProblem(db: Db, id: string): RememberedProblem | undefined {
  return remembered.get(db)?.get(id);
}

/**
 * Checks the whole subtree under `root`, every level in one pass. Each parent's children are
 * first screened by matching shared edges in Node (exact and cheap: most parents are tiled
 * edge for edge and need nothing more); only the parents that fail the screen get the exact
 * PostGIS overlay (gaps by difference, overlaps by intersecting the sibling pairs that a second
 * screen in Node, findOverlapCandidates, finds may overlap, spills by difference), which measures
 * every piece on the spheroid. Then each area's own problems (invalid,
 * non-contiguous, empty), the orphan points, the points inside each problem, and exceptions.
 */
export async function checkCoverage(db: Db, options: CoverageOptions): Promise<CoverageReport> {
  const report = await db.transaction(async (tx) => {
    // A PostgreSQL server with JIT on compiles the overlay queries (their PostGIS cost estimates
    // are high) and that alone took 700 ms of a 30 ms query; PGlite has no JIT and ignores this.
    await tx.query('set local jit = off');
    return checkCoverageIn(tx, options);
  });
  rememberProblems(db, report.features);
  return report;
}

/** checkCoverage inside a transaction the caller holds (a fix re-checks what it touched). */
export async function checkCoverageIn(db: Queryable, options: CoverageOptions): Promise<CoverageReport> {
  const started = performance.now();
  const tolerance = options.tolerance ?? 0.5;
  const minArea = options.minArea ?? 0;
  const kinds = new Set<CoverageKind>(options.kinds ?? ['gap', 'overlap', 'spill', 'invalid', 'sliver', 'non_contiguous', 'empty', 'orphan']);
  const levels = options.levels ? new Set(options.levels) : undefined;
  const wanted = (kind: CoverageKind, level: string) => kinds.has(kind) && (!levels || levels.has(level));

  const rows = await selectCoverageTree(db, options.root);
  if (rows.length === 0) throw new NotFoundError(`No area has code "${options.root}": the coverage check needs an existing root (GET /api/areas lists them).`);
  const root = rows[0];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const ref = (r: { code: string; name: string; level: string }): AreaRef => ({ code: r.code, name: r.name, level: r.level });
  const refOfCode = (code: string): AreaRef => ref(byCode.get(code) ?? { code, name: code, level: '' });

  const children = new Map<number, number>();
  for (const r of rows) if (r.parent_id !== null) children.set(r.parent_id, (children.get(r.parent_id) ?? 0) + 1);
  const verdicts = await validityOf(db, rows);
  const facts: AreaFacts[] = rows.map((r) => {
    const v = verdicts.get(r.hash)!;
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      level: r.level,
      kind: r.kind,
      // The root's own parent lies outside the check.
      parentId: r.id === root.id ? null : r.parent_id,
      coords: r.geometry.coordinates,
      valid: v.valid,
      reason: v.reason,
      location: v.location,
      degenerate: r.degenerate,
      children: children.get(r.id) ?? 0,
    };
  });
  const tree: TreeArea[] = facts.map((f) => ({ id: f.id, parentId: f.parentId, level: f.level, valid: f.valid, coords: f.coords }));
  const childLevels = new Map<number, string>();
  for (const f of facts) if (f.parentId !== null && !childLevels.has(f.parentId)) childLevels.set(f.parentId, f.level);

  const problems: CoverageProblem[] = [];
  const wantsPieces = ['gap', 'overlap', 'sliver', 'spill'].some((k) => kinds.has(k as CoverageKind));
  const dirty = wantsPieces ? screenParentsByEdges(tree, levels) : [];
  const dirtyIds = dirty.map((d) => d.id);
  const scopes = dirty.map((d) => ({ id: d.id, bbox: d.bbox }));
  const levelOf = new Map(dirty.map((d) => [d.id, d.childLevel]));
  // Measuring the pieces (their inscribed width) is seconds of JavaScript for a detailed outline:
  // it runs in a worker thread, the pieces sent as plain data with the areas they name.
  const toPieces = async (found: Piece['found'], pieceRows: CoveragePieceRow[]) => {
    if (pieceRows.length === 0) return;
    const pieces: PieceRow[] = pieceRows.map((p) => ({
      found, geojson: p.geojson, area_m2: p.area_m2, centroid: [p.lon, p.lat], involved: p.involved,
      parent: ref(byId.get(p.parent_id)!),
      level: p.child_id !== null ? byId.get(p.child_id)!.level : levelOf.get(p.parent_id)!,
    }));
    const refs = Object.fromEntries(pieceRows.flatMap((p) => p.involved.map((a) => [a.code, refOfCode(a.code)])));
    const measured = await runInWorker('piecesToProblems', { pieces, refs, toleranceM: tolerance });
    measured.forEach((problem, i) => {
      if (problem && problem.properties.area_m2 >= minArea && wanted(problem.properties.kind, pieces[i].level)) problems.push(problem);
    });
  };
  if (kinds.has('gap') || kinds.has('sliver')) await toPieces('gap', await findCoverageGaps(db, scopes));
  if (kinds.has('overlap') || kinds.has('sliver')) await toPieces('overlap', await findCoverageOverlaps(db, await overlapPairs(db, dirty, facts, (id) => byId.get(id)!.hash)));
  if (kinds.has('spill')) await toPieces('spill', await findCoverageSpills(db, scopes));

  const refOfId = (id: number) => {
    const r = byId.get(id);
    return r ? ref(r) : null;
  };
  problems.push(...findAreaProblems(facts, refOfId, wanted).filter((p) => p.properties.kind === 'invalid' || p.properties.area_m2 >= minArea));

  // Orphans belong to the whole tree: reported when the check starts at a region's root.
  if (kinds.has('orphan') && root.depth === 0) {
    for (const o of await selectOrphanPoints(db, root.region)) {
      if (levels && !levels.has(o.source)) continue;
      problems.push({
        type: 'Feature',
        id: problemId('orphan', [`${o.source}:${o.id}`], [o.lon, o.lat]),
        geometry: { type: 'Point', coordinates: [o.lon, o.lat] },
        properties: {
          kind: 'orphan', level: o.source, parent: null, areas: [], area_m2: 0, width_m: null, sliver_of: null,
          reason: `${o.source} ${o.id} lies in no cell`,
          households: o.source === 'household' ? 1 : 0, facilities: o.source === 'facility' ? 1 : 0,
          fixes: [], exception: null,
        },
      });
    }
  }

  const shaped = problems.filter((p) => p.geometry.type !== 'Point');
  const counts = await countPointsInShapes(db, shaped.map((p) => p.geometry as Geometry));
  shaped.forEach((p, i) => Object.assign(p.properties, counts[i]));
  const exceptions = new Map((await selectCoverageExceptions(db, problems.map((p) => p.id))).map((e) => [e.problem_id, e]));
  for (const p of problems) {
    const e = exceptions.get(p.id);
    if (e) p.properties.exception = { reason: e.reason, by: e.created_by, at: e.created_at };
  }
  problems.sort((a, b) => kindOrder(a) - kindOrder(b) || b.properties.area_m2 - a.properties.area_m2 || a.id.localeCompare(b.id));

  const checkedLevels = [...new Set(facts.filter((f) => f.parentId !== null).map((f) => f.level))].filter((l) => !levels || levels.has(l));
  return {
    type: 'FeatureCollection',
    features: problems,
    summary: summarizeProblems(problems),
    checked: {
      root: root.code,
      levels: checkedLevels,
      areas: rows.length,
      parents: childLevels.size,
      parents_overlaid: dirtyIds.length,
      ms: Math.round(performance.now() - started),
    },
  };
}

/**
 * The sibling pairs under the dirty parents that may overlap, screened in Node
 * (findOverlapCandidates) within each parent's box; invalid children are screened as PostGIS
 * makes them valid.
 */
async function overlapPairs(db: Queryable, dirty: { id: number; bbox: [number, number, number, number] | null }[], facts: AreaFacts[], hashOf: (id: number) => string): Promise<OverlapPair[]> {
  const childrenOf = new Map<number, AreaFacts[]>(dirty.map((d) => [d.id, []]));
  for (const f of facts) if (f.parentId !== null) childrenOf.get(f.parentId)?.push(f);
  const invalid = [...childrenOf.values()].flat().filter((f) => !f.valid);
  const madeValid = await madeValidOf(db, invalid.map((f) => ({ id: f.id, hash: hashOf(f.id) })));
  const pairs: OverlapPair[] = [];
  for (const d of dirty) {
    const children = childrenOf.get(d.id)!.map((f) => ({ id: f.id, coords: f.valid ? f.coords : madeValid.get(f.id)! }));
    // The box widened as the overlay queries widen it (1e-7°), so that both see the same children.
    const box = d.bbox && ([d.bbox[0] - 1e-7, d.bbox[1] - 1e-7, d.bbox[2] + 1e-7, d.bbox[3] + 1e-7] as [number, number, number, number]);
    for (const [a, b] of findOverlapCandidates(children, box)) pairs.push({ parent: d.id, a, b });
  }
  return pairs;
}

// Made-valid outlines by geometry hash, like the verdicts below: they too depend on nothing else.
const madeValidCache = new Map<string, PolygonsCoords>();
const MADE_VALID_AT_MOST = 20_000;

async function madeValidOf(db: Queryable, areas: { id: number; hash: string }[]): Promise<Map<number, PolygonsCoords>> {
  const unknown = new Map(areas.filter((a) => !madeValidCache.has(a.hash)).map((a) => [a.id, a.hash]));
  for (const o of await selectMadeValidCoverageOutlines(db, [...unknown.keys()])) madeValidCache.set(unknown.get(o.id)!, o.coordinates);
  const out = new Map(areas.map((a) => [a.id, madeValidCache.get(a.hash) ?? []]));
  if (madeValidCache.size > MADE_VALID_AT_MOST) madeValidCache.clear();
  return out;
}

interface Verdict {
  valid: boolean;
  reason: string | null;
  location: [number, number] | null;
}
// PostGIS's validity verdicts by geometry hash (md5 of the WKB). A verdict depends on nothing but
// the geometry, so it never goes stale; re-checking 5,000 unchanged areas then costs nothing.
const verdictCache = new Map<string, Verdict>();
const VERDICTS_AT_MOST = 500_000;

/** The validity verdict of each geometry, asking PostGIS only about those not seen before. */
async function validityOf(db: Queryable, rows: CoverageTreeRow[]): Promise<Map<string, Verdict>> {
  const unknown = rows.filter((r) => !verdictCache.has(r.hash));
  const invalid = new Map((await findInvalidAreas(db, unknown.map((r) => r.id))).map((i) => [i.id, i]));
  for (const r of unknown) {
    const i = invalid.get(r.id);
    verdictCache.set(r.hash, i ? { valid: false, reason: i.reason, location: i.lon === null || i.lat === null ? null : [i.lon, i.lat] } : { valid: true, reason: null, location: null });
  }
  if (verdictCache.size > VERDICTS_AT_MOST) verdictCache.clear();
  return new Map(rows.map((r) => [r.hash, verdictCache.get(r.hash)!]));
}

const ORDER = ['invalid', 'gap', 'overlap', 'spill', 'sliver', 'non_contiguous', 'empty', 'orphan'];
const kindOrder = (p: CoverageProblem) => ORDER.indexOf(p.properties.kind);

/** Keeps where each problem was found, for fixes and exceptions that name it by id alone. */
export function rememberProblems(db: Db, problems: CoverageProblem[]): void {
  let map = remembered.get(db);
  if (!map) remembered.set(db, (map = new Map()));
  for (const p of problems) {
    map.delete(p.id); // re-inserted last: the oldest fall off first
    map.set(p.id, { kind: p.properties.kind, codes: p.properties.areas.map((a) => a.code), parentCode: p.properties.parent?.code ?? null, level: p.properties.level });
  }
  for (const id of map.keys()) {
    if (map.size <= REMEMBER_AT_MOST) break;
    map.delete(id);
  }
}
