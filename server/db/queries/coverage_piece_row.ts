/** One piece of a gap, overlap or spill as the overlay queries return it. */
export interface CoveragePieceRow {
  parent_id: number;
  /** The spilling child, for spills. */
  child_id: number | null;
  geojson: string;
  area_m2: number;
  lon: number;
  lat: number;
  /** Neighbours (gaps), owners (overlaps) or the child (spills), with shared border and size. */
  involved: { code: string; border_m: number; area_m2: number; overlap_m2?: number }[];
}

/**
 * A parent to overlay, and where: the box around the edges its children left unmatched (every
 * defect lies inside it), or null to look at the whole parent.
 */
export interface OverlayScope {
  id: number;
  bbox: [number, number, number, number] | null;
}

/** Scopes as the queries' jsonb parameter: rows of (id, w, s, e, n). */
export function scopesParam(scopes: OverlayScope[]): string {
  return JSON.stringify(scopes.map((s) => ({ id: s.id, w: s.bbox?.[0] ?? null, s: s.bbox?.[1] ?? null, e: s.bbox?.[2] ?? null, n: s.bbox?.[3] ?? null })));
}
