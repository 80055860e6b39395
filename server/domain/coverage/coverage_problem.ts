import type { MultiPolygon, Point, Polygon } from 'geojson';

/** What can break a tree of areas (覆盖全面、地域清晰、归属明确: full cover, clear borders, one owner). */
export const COVERAGE_KINDS = ['gap', 'overlap', 'spill', 'invalid', 'sliver', 'non_contiguous', 'empty', 'orphan'] as const;
export type CoverageKind = (typeof COVERAGE_KINDS)[number];

export const FIX_TYPES = ['merge_gap', 'subtract_overlap', 'snap_sliver', 'clip_spill', 'make_valid'] as const;
export type FixType = (typeof FIX_TYPES)[number];

export interface AreaRef {
  code: string;
  name: string;
  level: string;
}

export interface SuggestedFix {
  type: FixType;
  description: string;
  params: Record<string, unknown>;
}

export interface CoverageException {
  reason: string;
  by: string;
  at: string;
}

export interface CoverageProblemProperties {
  kind: CoverageKind;
  /** The level of the children checked (for invalid, non-contiguous and empty: the area's own). */
  level: string;
  parent: AreaRef | null;
  areas: AreaRef[];
  area_m2: number;
  /** How thick the piece is: the diameter of the largest circle inside it, in metres. */
  width_m: number | null;
  /** For a sliver: what it is a thin case of. */
  sliver_of: 'gap' | 'overlap' | 'spill' | null;
  /** PostGIS's reason, for an invalid geometry. */
  reason: string | null;
  households: number;
  facilities: number;
  fixes: SuggestedFix[];
  exception: CoverageException | null;
}

/** One problem: a GeoJSON Feature with a stable id. */
export interface CoverageProblem {
  type: 'Feature';
  id: string;
  geometry: Polygon | MultiPolygon | Point;
  properties: CoverageProblemProperties;
}
