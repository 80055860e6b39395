import seedrandom from 'seedrandom';
import type { DemoTown } from './generate_demo_town.ts';
import { DEMO_SEED } from './generate_demo_town.ts';
import { GIVEN, SURNAMES } from './names.ts';

export type StaffRole = 'grid_leader' | 'grid_worker' | 'part_time_worker' | 'police' | 'property_manager' | 'unit_leader' | 'party_contact' | 'volunteer';

/**
 * The demo town's staff and party register ("1+1+1+N", 一网格一支部): for most grids a grid leader
 * (网格长), a full-time grid worker (专职网格员), party members who each keep in touch with about
 * ten households (党员联系户), volunteers and a party branch (网格党支部); police officers (网格民警)
 * and property managers (物业管理员) in the urban grids; unit leaders (单元长) in units that hold
 * households. A few grids are deliberately left without a leader, a full-time worker or a branch,
 * so the staff check has something to find (`gaps`; data/README.md lists them).
 */
export interface DemoStaff {
  staff: { id: string; name: string; phone: string }[];
  assignments: { staff_id: string; role: StaffRole; area_code: string }[];
  partyOrgs: { code: string; name: string; kind: 'committee' | 'general_branch' | 'branch' | 'group'; area_code: string; parent_code: string | null; members: number }[];
  gaps: { kind: 'no_leader' | 'no_worker' | 'no_branch'; grid: string }[];
}

export function generateStaff(town: DemoTown, seed: string = `${DEMO_SEED}-staff`): DemoStaff {
  const rng = seedrandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const props = town.areas.features.map((f) => f.properties as { code: string; name: string; level: string; kind: string; parent_code: string | null });
  const grids = props.filter((p) => p.level === 'grid').sort((a, b) => (a.code < b.code ? -1 : 1));
  const communities = props.filter((p) => p.level === 'community').sort((a, b) => (a.code < b.code ? -1 : 1));
  const unitsOf = new Map<string, string[]>();
  for (const p of props) if (p.level === 'unit') unitsOf.set(p.parent_code!, [...(unitsOf.get(p.parent_code!) ?? []), p.code]);
  const householdsOfUnit = new Map<string, number>();
  for (const h of town.households.features) {
    const unit = String(h.properties!.id).split('-')[0];
    householdsOfUnit.set(unit, (householdsOfUnit.get(unit) ?? 0) + 1);
  }

  const out: DemoStaff = { staff: [], assignments: [], partyOrgs: [], gaps: [] };
  const person = () => {
    const id = `S${String(out.staff.length + 1).padStart(5, '0')}`;
    out.staff.push({ id, name: `${pick(SURNAMES)}${pick(GIVEN)}${rng() < 0.6 ? pick(GIVEN) : ''}`, phone: `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}` });
    return id;
  };
  const assign = (staff_id: string, role: StaffRole, area_code: string) => out.assignments.push({ staff_id, role, area_code });

  // The deliberate gaps: distinct base grids, chosen by the seed, one grid missing all three.
  const base = grids.filter((g) => g.kind === 'base' || g.kind === 'village');
  const shuffled = [...base];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const noLeader = new Set(shuffled.slice(0, 3).map((g) => g.code));
  const noWorker = new Set(shuffled.slice(3, 6).map((g) => g.code));
  const noBranch = new Set(shuffled.slice(6, 10).map((g) => g.code));
  for (const code of [shuffled[10].code]) [noLeader, noWorker, noBranch].forEach((s) => s.add(code));

  for (const c of communities) {
    const kind = c.kind === 'village' ? 'general_branch' : 'committee';
    out.partyOrgs.push({ code: `P${c.code}`, name: `中共${c.name}${kind === 'committee' ? '委员会' : '总支部委员会'}`, kind, area_code: c.code, parent_code: null, members: 0 });
  }
  for (const g of grids) {
    const urban = /^\d{9}0/.test(g.code);
    const units = unitsOf.get(g.code) ?? [];
    const households = units.reduce((s, u) => s + (householdsOfUnit.get(u) ?? 0), 0);
    if (noLeader.has(g.code)) out.gaps.push({ kind: 'no_leader', grid: g.code });
    else assign(person(), 'grid_leader', g.code);
    if (noWorker.has(g.code)) {
      out.gaps.push({ kind: 'no_worker', grid: g.code });
      assign(person(), 'part_time_worker', g.code); // 兼职网格员 covering until one is hired
    } else assign(person(), 'grid_worker', g.code);
    if (urban && rng() < 0.6) assign(person(), 'police', g.code);
    if ((urban && rng() < 0.5) || g.kind === 'estate') assign(person(), 'property_manager', g.code);
    for (const u of units) if ((householdsOfUnit.get(u) ?? 0) >= 20 || (urban && (householdsOfUnit.get(u) ?? 0) > 0)) assign(person(), 'unit_leader', u);
    const contacts = Math.max(1, Math.round(households / 10 / 4));
    for (let i = 0; i < contacts; i++) assign(person(), 'party_contact', g.code);
    const volunteers = 2 + Math.floor(rng() * 5);
    for (let i = 0; i < volunteers; i++) assign(person(), 'volunteer', g.code);
    if (noBranch.has(g.code)) out.gaps.push({ kind: 'no_branch', grid: g.code });
    else {
      const members = contacts + 3 + Math.floor(rng() * 12);
      out.partyOrgs.push({ code: `P${g.code}`, name: `${g.name}党支部`, kind: 'branch', area_code: g.code, parent_code: `P${g.code.slice(0, 12)}`, members });
      if (members >= 12) out.partyOrgs.push({ code: `P${g.code}-1`, name: `${g.name}第一党小组`, kind: 'group', area_code: g.code, parent_code: `P${g.code}`, members: Math.floor(members / 2) });
    }
  }
  for (const c of out.partyOrgs.filter((o) => o.parent_code === null)) {
    c.members = out.partyOrgs.filter((o) => o.parent_code === c.code).reduce((s, o) => s + o.members, 0) + 5;
  }
  out.gaps.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.grid < b.grid ? -1 : 1));
  return out;
}
