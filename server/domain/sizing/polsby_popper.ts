/**
 * Polsby-Popper compactness, 4πA/P²: 1 for a disc, about 0.785 for a square, near 0 for a
 * ribbon. Area in m², perimeter in m. A shape with no perimeter scores 0.
 *
 * @example polsbyPopper(100 * 100, 400) // ≈ 0.785 (a 100 m square)
 */
export function polsbyPopper(areaM2: number, perimeterM: number): number {
  if (!(perimeterM > 0)) return 0;
  return Math.min(1, (4 * Math.PI * areaM2) / (perimeterM * perimeterM));
}
