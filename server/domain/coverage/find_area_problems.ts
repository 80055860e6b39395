import { area as sphericalArea, multiPolygon } from '@turf/turf';
import type { Position } from 'geojson';
import type { AreaRef, CoverageKind, CoverageProblem } from './coverage_problem.ts';
import { allowsSeveralPieces } from './allows_several_pieces.ts';
import { problemId } from './problem_id.ts';
import { suggestFixes } from './suggest_fixes.ts';

export interface AreaFacts {
  id: number;
  code: string;
  name: string;
  level: string;
  kind: string;
  parentId: number | null;
  coords: Position[][][];
  valid: boolean;
  reason: string | null;
  /** Where PostGIS says the geometry goes wrong. */
  location: [number, number] | null;
  degenerate: boolean;
  children: number;
}

/**
 * The problems one area has by itself, whatever its neighbours: an invalid geometry (at the
 * place PostGIS names), a cell in several pieces where its kind does not allow it, and an empty
 * cell: one that covers no ground, or one without children where most of its siblings have
 * them (a break in the tree's depth). `wanted` filters kinds and levels before any work is done.
 *
 * @example
 * findAreaProblems([town, grid], refOf, () => true) // → [] for a valid tree of one-piece cells
 */
export function findAreaProblems(areas: AreaFacts[], refOf: (id: number) => AreaRef | null, wanted: (kind: CoverageKind, level: string) => boolean): CoverageProblem[] {
  const problems: CoverageProblem[] = [];
  const siblingsWithChildren = new Map<number, { with: number; all: number }>();
  for (const a of areas) {
    if (a.parentId === null) continue;
    const s = siblingsWithChildren.get(a.parentId) ?? { with: 0, all: 0 };
    s.all++;
    if (a.children > 0) s.with++;
    siblingsWithChildren.set(a.parentId, s);
  }
  const make = (kind: CoverageKind, a: AreaFacts, p: Pick<CoverageProblem, 'geometry'> & { area_m2: number; reason?: string | null }): CoverageProblem => {
    const centroid = p.geometry.type === 'Point' ? (p.geometry.coordinates as [number, number]) : null;
    return {
      type: 'Feature',
      id: problemId(kind, [a.code], centroid),
      geometry: p.geometry,
      properties: {
        kind,
        level: a.level,
        parent: a.parentId === null ? null : refOf(a.parentId),
        areas: [{ code: a.code, name: a.name, level: a.level }],
        area_m2: Math.round(p.area_m2 * 1000) / 1000,
        width_m: null,
        sliver_of: null,
        reason: p.reason ?? null,
        households: 0,
        facilities: 0,
        fixes: suggestFixes({ kind, involved: [{ code: a.code, border_m: 0, area_m2: p.area_m2 }], parentCode: null, toleranceM: 0 }),
        exception: null,
      },
    };
  };

  for (const a of areas) {
    if (!a.valid && wanted('invalid', a.level)) {
      const at = a.location ?? a.coords[0]?.[0]?.[0] ?? [0, 0];
      problems.push(make('invalid', a, { geometry: { type: 'Point', coordinates: [at[0], at[1]] }, area_m2: 0, reason: a.reason }));
    }
    if (a.coords.length > 1 && !allowsSeveralPieces(a.level, a.kind) && wanted('non_contiguous', a.level)) {
      // The pieces beyond the largest are the stray ones; their area is what is out of place.
      const sizes = a.coords.map((p) => sphericalArea(multiPolygon([p])));
      const stray = sizes.reduce((s, x) => s + x, 0) - Math.max(...sizes);
      problems.push(make('non_contiguous', a, { geometry: { type: 'MultiPolygon', coordinates: a.coords }, area_m2: stray }));
    }
    const sibs = a.parentId === null ? undefined : siblingsWithChildren.get(a.parentId);
    const childless = a.children === 0 && sibs !== undefined && 2 * sibs.with >= sibs.all;
    if ((a.degenerate || childless) && wanted('empty', a.level)) {
      const geometry = a.degenerate
        ? { type: 'Point' as const, coordinates: a.coords[0]?.[0]?.[0] ?? [0, 0] }
        : { type: 'MultiPolygon' as const, coordinates: a.coords };
      problems.push(make('empty', a, { geometry, area_m2: a.degenerate ? 0 : sphericalArea(multiPolygon(a.coords)), reason: a.degenerate ? 'covers no ground' : 'has no children where its siblings have' }));
    }
  }
  return problems;
}
