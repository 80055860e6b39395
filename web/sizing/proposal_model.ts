import type { SizingProposal } from './sizing_types.ts';

/** A move of units from one grid to another, as the proposal panel lists it. */
export interface ProposalMove {
  from: string | null;
  to: string;
  units: string[];
}

/**
 * The units that change grid, grouped by where they go from and to, largest group first.
 * Example: proposalMoves({ assignments: [{ unit_code: 'u1', from_grid: 'G1', to_grid: 'G2' }, { unit_code: 'u2', from_grid: 'G1', to_grid: 'G1' }] }) → [{ from: 'G1', to: 'G2', units: ['u1'] }].
 */
export function proposalMoves(p: Pick<SizingProposal, 'assignments'>): ProposalMove[] {
  const byPair = new Map<string, ProposalMove>();
  for (const a of p.assignments) {
    if (a.from_grid === a.to_grid) continue;
    const key = `${a.from_grid ?? ''}→${a.to_grid}`;
    const move = byPair.get(key) ?? { from: a.from_grid, to: a.to_grid, units: [] };
    move.units.push(a.unit_code);
    byPair.set(key, move);
  }
  return [...byPair.values()].sort((x, y) => y.units.length - x.units.length || x.to.localeCompare(y.to));
}

/** A proposed grid for the map: its outline, where to put its label, and what the label says. */
export interface ProposalFeature {
  code: string;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  households: number;
  status: string;
  changed: boolean;
  label: string;
  labelAt: [number, number];
}

/**
 * The proposal's grids that have an outline, labelled with the code's last digits, households and
 * Polsby-Popper compactness (ASCII only: deck.gl's text atlas holds Latin characters by default).
 * Grids the plan leaves as they are (no unit in or out) are marked unchanged.
 * Example: proposalFeatures(p)[0].label → 'new 807\n269 hh, PP 0.41'.
 */
export function proposalFeatures(p: SizingProposal): ProposalFeature[] {
  const touched = new Set(proposalMoves(p).flatMap((m) => [m.from, m.to]));
  const out: ProposalFeature[] = [];
  for (const g of p.grids) {
    if (!g.geometry) continue;
    out.push({
      code: g.code,
      geometry: g.geometry,
      households: g.households,
      status: g.status,
      changed: g.new || touched.has(g.code),
      label: `${g.new ? 'new ' : ''}${g.code.slice(-3)}\n${g.households} hh, PP ${g.polsby_popper.toFixed(2)}`,
      labelAt: labelPoint(g.geometry),
    });
  }
  return out;
}

/** The middle of the largest ring's bounding box: a label point good enough for compact grids. */
export function labelPoint(g: GeoJSON.Polygon | GeoJSON.MultiPolygon): [number, number] {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let best: [number, number] = [0, 0];
  let bestArea = -1;
  for (const poly of polygons) {
    const ring = poly[0];
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of ring) {
      w = Math.min(w, x);
      s = Math.min(s, y);
      e = Math.max(e, x);
      n = Math.max(n, y);
    }
    const area = (e - w) * (n - s);
    if (area > bestArea) {
      bestArea = area;
      best = [(w + e) / 2, (s + n) / 2];
    }
  }
  return best;
}
