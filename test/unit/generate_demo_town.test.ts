import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDemoTown } from '../../server/demo_town/generate_demo_town.ts';

const town = generateDemoTown();
const areas = town.areas.features;
const byLevel = (level: string) => areas.filter((f) => f.properties!.level === level);

describe('the demo town generator', () => {
  it('makes the town the issue asks for: 24 communities, 145 grids, 1,610 units, 40,000 households', () => {
    expect(byLevel('town')).toHaveLength(1);
    expect(byLevel('community')).toHaveLength(24);
    expect(byLevel('grid')).toHaveLength(145);
    expect(byLevel('unit')).toHaveLength(1610);
    const orphans = town.defects.filter((d) => d.kind === 'orphan').length;
    expect(town.households.features.length - orphans).toBe(40_000);
    expect(new Set(areas.map((f) => f.properties!.code)).size).toBe(areas.length);
    expect(new Set(town.households.features.map((f) => f.properties!.id)).size).toBe(town.households.features.length);
  });

  it('gives the same town for the same seed, and another for another seed', () => {
    const digest = (t: ReturnType<typeof generateDemoTown>) => createHash('sha256').update(JSON.stringify(t)).digest('hex');
    expect(digest(generateDemoTown())).toBe(digest(town));
    expect(digest(generateDemoTown('another-seed'))).not.toBe(digest(town));
  });

  it('nests codes: each child code extends its parent code', () => {
    for (const f of areas) {
      const { code, parent_code } = f.properties!;
      if (parent_code) expect(code.startsWith(parent_code)).toBe(true);
    }
  });

  it('puts most base grids in the 200–400 band and some outside it, with dedicated grids of each kind', () => {
    const perGrid = new Map<string, number>();
    for (const h of town.households.features) {
      const grid = String(h.properties!.id).slice(0, 14);
      perGrid.set(grid, (perGrid.get(grid) ?? 0) + 1);
    }
    const base = byLevel('grid').filter((g) => g.properties!.kind === 'base').map((g) => perGrid.get(g.properties!.code) ?? 0);
    const inBand = base.filter((n) => n >= 200 && n <= 400).length;
    expect(inBand / base.length).toBeGreaterThan(0.75);
    expect(base.some((n) => n < 200)).toBe(true);
    expect(base.some((n) => n > 400)).toBe(true);
    const kinds = new Set(byLevel('grid').map((g) => g.properties!.kind));
    for (const k of ['school', 'hospital', 'institution', 'enterprise', 'estate']) expect(kinds).toContain(k);
    expect(byLevel('community').some((c) => c.properties!.kind === 'village')).toBe(true);
  });

  it('lists the defects it put in: a sliver gap, an overlap, a gap, a spill and orphans', () => {
    expect(town.defects.map((d) => d.kind).sort()).toEqual(['gap', 'orphan', 'orphan', 'orphan', 'overlap', 'sliver_gap', 'spill']);
    const codes = new Set(areas.map((f) => f.properties!.code));
    for (const d of town.defects.filter((x) => x.kind !== 'orphan')) for (const c of d.codes) expect(codes).toContain(c);
  });

  it('has facilities of each category the practice registers', () => {
    const categories = new Set(town.facilities.features.map((f) => f.properties!.category));
    for (const c of ['school', 'clinic', 'committee', 'enterprise', 'hospital', 'government']) expect(categories).toContain(c);
  });
});
