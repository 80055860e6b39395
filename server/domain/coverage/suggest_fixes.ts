import type { CoverageKind, SuggestedFix } from './coverage_problem.ts';

/** An area next to or under a problem, with what the choice of fix depends on. */
export interface Involved {
  code: string;
  /** Border shared with the problem's piece, metres (gaps). */
  border_m: number;
  /** The area's own size, m². */
  area_m2: number;
  /** How much of an overlap the area covers, m². */
  overlap_m2?: number;
}

export interface FixInput {
  kind: CoverageKind;
  /** For a sliver: whether it is a thin gap or a thin overlap. */
  sliverOf?: 'gap' | 'overlap' | 'spill';
  /** Neighbours of a gap, owners of an overlap, the child of a spill. */
  involved: Involved[];
  parentCode: string | null;
  toleranceM: number;
}

/**
 * The fixes worth offering for a problem, best first, each ready to POST to /api/coverage/fixes:
 * a gap merges into the neighbour with the longest shared border (or the largest), an overlap is
 * given whole to one owner (the one covering most of it, or the largest) and subtracted from the
 * others, so that no part of it is left to nobody; a sliver is snapped, a spill clipped
 * to its parent, an invalid geometry made valid.
 *
 * @example
 * suggestFixes({ kind: 'gap', involved: [{ code: 'a', border_m: 30, area_m2: 900 }, { code: 'b', border_m: 10, area_m2: 5000 }], parentCode: 'p', toleranceM: 0.5 })
 * // → merge_gap into a (longest border), merge_gap into b (largest)
 */
export function suggestFixes(input: FixInput): SuggestedFix[] {
  const { kind, involved } = input;
  const byBorder = [...involved].sort((a, b) => b.border_m - a.border_m || a.code.localeCompare(b.code));
  const bySize = [...involved].sort((a, b) => b.area_m2 - a.area_m2 || a.code.localeCompare(b.code));
  const byOverlap = [...involved].sort((a, b) => (b.overlap_m2 ?? 0) - (a.overlap_m2 ?? 0) || b.area_m2 - a.area_m2 || a.code.localeCompare(b.code));
  const fixes: SuggestedFix[] = [];
  const mergeInto = (code: string, why: string) =>
    fixes.push({ type: 'merge_gap', description: `merge the gap into ${code} (${why})`, params: { into: code } });
  const keepIn = (code: string, why: string) =>
    fixes.push({
      type: 'subtract_overlap',
      description: `give the overlap to ${code} (${why}) and subtract it from ${involved.filter((a) => a.code !== code).map((a) => a.code).join(', ')}`,
      params: { keep: code },
    });

  if (kind === 'sliver') {
    fixes.push({
      type: 'snap_sliver',
      description: `snap the vertices of ${involved.map((a) => a.code).join(', ')} within ${input.toleranceM} m onto their neighbours'${input.parentCode ? ` and ${input.parentCode}'s` : ''}`,
      params: { tolerance: input.toleranceM },
    });
  }
  if ((kind === 'gap' || (kind === 'sliver' && input.sliverOf === 'gap')) && byBorder.length > 0) {
    mergeInto(byBorder[0].code, 'longest shared border');
    if (bySize[0].code !== byBorder[0].code) mergeInto(bySize[0].code, 'largest neighbour');
  }
  if ((kind === 'overlap' || (kind === 'sliver' && input.sliverOf === 'overlap')) && bySize.length > 1) {
    keepIn(byOverlap[0].code, 'covers most of it');
    if (bySize[0].code !== byOverlap[0].code) keepIn(bySize[0].code, 'largest owner');
  }
  if ((kind === 'spill' || (kind === 'sliver' && input.sliverOf === 'spill')) && involved.length > 0 && input.parentCode) {
    fixes.push({ type: 'clip_spill', description: `clip ${involved[0].code} to its parent ${input.parentCode}`, params: {} });
  }
  if (kind === 'invalid' && involved.length > 0) {
    fixes.push({ type: 'make_valid', description: `rebuild ${involved[0].code} as a valid polygon (PostGIS ST_MakeValid)`, params: {} });
  }
  return fixes;
}
