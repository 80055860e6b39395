import type { Db, Queryable } from '../db/db.ts';
import { throwIfProblems, type Problem } from '../errors.ts';
import { parseAreaFeatures, type AreaMapping } from '../domain/parse_area_features.ts';
import { resolveAreaTree } from '../domain/resolve_area_tree.ts';
import { findParentsByOverlap } from '../db/queries/find_parents_by_overlap.ts';
import { findInvalidGeometries } from '../db/queries/find_invalid_geometries.ts';
import { repathAreas } from '../db/queries/repath_areas.ts';
import { selectAreaPaths } from '../db/queries/select_area_paths.ts';
import { upsertAreas } from '../db/queries/upsert_areas.ts';
import { selectAreasExtent, type Bbox } from '../db/queries/select_areas_extent.ts';
import { emitAreasChanged } from './area_changes.ts';

export interface ImportAreasOptions extends AreaMapping {
  /** `insert` (default) refuses codes that exist; `upsert` replaces them. */
  mode?: 'insert' | 'upsert';
  /**
   * Features without a parent get the area of this level that shares the most of their surface,
   * for files that carry no parent field: census blocks under neighbourhoods.
   */
  parentLevel?: string;
  /**
   * Keep geometries PostGIS calls invalid instead of refusing the file: for loading real data
   * with known defects so that the coverage check can report them.
   */
  allowInvalid?: boolean;
  /**
   * Runs inside the import's transaction once the areas are written: the caller's access check on
   * where they landed and its audit entry, which commit or roll back with the import.
   */
  beforeCommit?: (tx: Queryable, result: ImportAreasResult) => Promise<void>;
}

export interface ImportAreasResult {
  written: number;
  /** Stored descendants whose paths changed because an ancestor moved. */
  repathed: number;
  /** Invalid geometries kept under `allowInvalid`. */
  invalid: Problem[];
  /** The codes written. */
  codes: string[];
  /** The box around the written areas' old and new shapes, [west, south, east, north]. */
  bbox: [number, number, number, number] | null;
}

/**
 * Imports a FeatureCollection of areas in one transaction: everything is written, or, when any
 * feature is wrong, nothing is and a ValidationError lists each problem with its feature.
 */
export async function importAreas(db: Db, body: unknown, options: ImportAreasOptions = {}): Promise<ImportAreasResult> {
  const result = await db.transaction(async (tx) => {
    const written = await importAreasInto(tx, body, options);
    await options.beforeCommit?.(tx, written);
    return written;
  });
  emitAreasChanged(db, { codes: result.codes, bbox: result.bbox });
  return result;
}

/** importAreas inside a transaction the caller holds, for loads that write more than areas. */
export async function importAreasInto(tx: Queryable, body: unknown, options: ImportAreasOptions = {}): Promise<ImportAreasResult> {
  const { areas: parsed, problems } = parseAreaFeatures(body, options);
  throwIfProblems(problems, 'Area import');
  if (parsed.length === 0) throwIfProblems([{ problem: 'the FeatureCollection has no features' }], 'Area import');

  const invalid = (await findInvalidGeometries(tx, parsed.map((a) => a.geometry))).map((g) => ({
    index: parsed[g.index].index,
    code: parsed[g.index].code,
    field: 'geometry',
    problem: `invalid geometry: ${g.reason}${g.lon === null ? '' : ` near [${g.lon}, ${g.lat}]`}`,
  }));
  if (!options.allowInvalid) throwIfProblems(invalid, 'Area import');

  if (options.parentLevel) {
    const orphans = parsed.filter((a) => a.parentCode === null);
    const parents = await findParentsByOverlap(tx, orphans.map((a) => a.geometry), options.parentLevel);
    const missing: Problem[] = [];
    orphans.forEach((a, i) => {
      a.parentCode = parents[i];
      if (parents[i] === null) {
        missing.push({ index: a.index, code: a.code, field: 'parent_code', problem: `no area of level "${options.parentLevel}" overlaps it` });
      }
    });
    throwIfProblems(missing, 'Area import');
  }

  const codes = [...new Set(parsed.flatMap((a) => (a.parentCode ? [a.code, a.parentCode] : [a.code])))];
  const existing = await selectAreaPaths(tx, codes);
  const resolved = resolveAreaTree(parsed, existing, options.mode ?? 'insert');
  throwIfProblems(resolved.problems, 'Area import');

  const keep = resolved.areas.map((a) => a.code);
  const before = await selectAreasExtent(tx, keep);
  const written = await upsertAreas(tx, resolved.areas);
  const after = await selectAreasExtent(tx, keep);
  let repathed = 0;
  // Deepest first: a moved area below another moved one is re-pathed before its ancestor's
  // prefix changes under it.
  const segments = (path: string) => path.split('/').length;
  for (const { from, to } of [...resolved.moved].sort((a, b) => segments(b.from) - segments(a.from))) {
    repathed += await repathAreas(tx, from, to, keep);
  }
  return { written, repathed, invalid, codes: keep, bbox: unionBbox(before, after) };
}

function unionBbox(a: Bbox | null, b: Bbox | null): Bbox | null {
  if (!a || !b) return a ?? b;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}
