import type { Band } from '../../server/domain/sizing/sizing_rule.ts';
import type { AreaCountsRow, SizingStatus } from '../map/sizing_status.ts';

/** GET /api/areas/:code */
export interface AreaDetail {
  code: string;
  name: string;
  level: string;
  kind: string;
  ancestors: { code: string; name: string; level: string }[];
  children: string[];
  area_m2: number;
}

/** GET /api/areas/:code/summary (from the registers service; absent on older servers). */
export interface AreaSummary {
  households: number;
  people: number;
  floating: number;
  facilities: Record<string, number>;
  staff: Record<string, number>;
  party_orgs: Record<string, number>;
}

/** A row of GET /api/staff?within=CODE. */
export interface StaffRow {
  name: string;
  role: string;
  area_code: string;
}

export interface AreaCard {
  code: string;
  name: string;
  level: string;
  kind: string;
  dedicated: boolean;
  chain: { code: string; name: string; level: string }[];
  /** Its surface, in km² from 0.01 km² up and in m² below, as text. */
  surface: string;
  households: number | null;
  people: number | null;
  floating: number | null;
  facilities: number | null;
  facilitiesByCategory: [string, number][];
  openEvents: number | null;
  /** The server's sizing verdict, for grids only (null: not a grid, or no counts). */
  sizing: SizingStatus | null;
  /** The households band the grid is held to (null: exempt, no rule, or not a grid). */
  sizingBand: Band | null;
  /** People serving at this area itself, grouped by role in the order of "1+1+1+N". */
  staff: { role: string; names: string[] }[];
  partyOrgs: [string, number][];
}

const ROLE_ORDER = ['grid_leader', 'grid_worker', 'police', 'property_manager', 'part_time_worker', 'unit_leader', 'party_contact', 'volunteer'];

/**
 * What an area's card shows, from whatever the server could answer: the area itself (always),
 * the registers' summary (when that service is there), the tile counts (households, people,
 * facilities, open events per area: the fallback) and the staff list.
 * Example: areaCard(detail, null, { households: 310, … }, []) → { households: 310, sizing: 'within', staff: [], … }.
 */
export function areaCard(detail: AreaDetail, summary: AreaSummary | null, counts: AreaCountsRow | null, staff: StaffRow[]): AreaCard {
  const households = summary?.households ?? counts?.households ?? null;
  const byCategory = Object.entries(summary?.facilities ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const facilities = summary ? byCategory.reduce((s, [, n]) => s + n, 0) : (counts?.facilities ?? null);
  const own = staff.filter((s) => s.area_code === detail.code);
  const roles = [...new Set(own.map((s) => s.role))].sort((a, b) => rank(a) - rank(b));
  return {
    code: detail.code,
    name: detail.name,
    level: detail.level,
    kind: detail.kind,
    dedicated: !['base', 'village'].includes(detail.kind),
    chain: detail.ancestors,
    surface: detail.area_m2 >= 10_000 ? `${(detail.area_m2 / 1e6).toFixed(2)} km²` : `${Math.round(detail.area_m2).toLocaleString('en')} m²`,
    households,
    people: summary?.people ?? counts?.people ?? null,
    floating: summary?.floating ?? counts?.floating ?? null,
    facilities,
    facilitiesByCategory: byCategory,
    openEvents: counts?.open_events ?? null,
    sizing: detail.level === 'grid' && counts ? counts.sizing.status : null,
    sizingBand: detail.level === 'grid' && counts ? counts.sizing.band : null,
    staff: roles.map((role) => ({ role, names: own.filter((s) => s.role === role).map((s) => s.name) })),
    partyOrgs: Object.entries(summary?.party_orgs ?? {}),
  };
}

function rank(role: string): number {
  const i = ROLE_ORDER.indexOf(role);
  return i < 0 ? ROLE_ORDER.length : i;
}
