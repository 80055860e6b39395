import type { ExpressionSpecification } from 'maplibre-gl';

/** Facility categories with a colour each; anything else is drawn grey as `other`. */
export const FACILITY_COLOURS: Record<string, string> = {
  committee: '#17324d',
  clinic: '#e06666',
  hospital: '#cc0000',
  kindergarten: '#f1c232',
  school: '#e69138',
  government: '#674ea7',
  police: '#3d85c6',
  market: '#6aa84f',
  enterprise: '#a64d79',
  estate: '#c27ba0',
  cultural_hall: '#45818e',
  other: '#999999',
};

/**
 * Legend rows, most frequent first, from counts per category (a town's summary); categories
 * without a colour of their own are folded into `other`; with no counts, every known category.
 * Example: facilityLegend({ clinic: 2, zoo: 1 }) → [{ category: 'clinic', colour: '#e06666', count: 2 }, { category: 'other', colour: '#999999', count: 1 }].
 */
export function facilityLegend(counts: Record<string, number> | null): { category: string; colour: string; count: number | null }[] {
  if (!counts) return Object.entries(FACILITY_COLOURS).map(([category, colour]) => ({ category, colour, count: null }));
  const folded = new Map<string, number>();
  for (const [c, n] of Object.entries(counts)) {
    const key = c in FACILITY_COLOURS ? c : 'other';
    folded.set(key, (folded.get(key) ?? 0) + n);
  }
  return [...folded]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([category, count]) => ({ category, colour: FACILITY_COLOURS[category], count }));
}

export function facilityColourExpression(): ExpressionSpecification {
  return ['match', ['get', 'category'], ...Object.entries(FACILITY_COLOURS).flat(), FACILITY_COLOURS.other] as unknown as ExpressionSpecification;
}
