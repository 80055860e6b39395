import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { point, pointToPolygonDistance } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { createLatticeTown } from '../../scripts/synthetic/create_lattice_town.ts';
import { importAreas } from '../../server/services/import_areas.ts';
import { checkCoverage } from '../../server/services/check_coverage.ts';
import type { CoverageProblem } from '../../server/domain/coverage/coverage_problem.ts';

// Seeded property tests: cut a tiling, move vertices, drop units; every injected defect must be
// found with the right kind, place and area, and nothing else. Fixed seeds, so a failure replays.
const SEEDS = ['coverage-a', 'coverage-b', 'coverage-c'];

describe('coverage check on seeded lattices with injected defects', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('empty');
  });
  afterAll(async () => t?.drop());

  it('finds an untouched tiling clean at every level', async () => {
    const town = createLatticeTown({ seed: 'clean', root: 'CLEAN', cols: 24, rows: 18, gridCols: 4, gridRows: 3, communityCols: 2, communityRows: 1 });
    await importAreas(t.db, town.areas);
    const report = await checkCoverage(t.db, { root: 'CLEAN' });
    expect(report.features).toEqual([]);
    expect(report.checked).toMatchObject({ areas: 1 + 2 + 12 + 24 * 18, levels: ['community', 'grid', 'unit'], parents_overlaid: 0 });
  });

  for (const seed of SEEDS) {
    it(`finds exactly the injected gaps, overlaps and dropped units (seed ${seed})`, async () => {
      const root = `P${SEEDS.indexOf(seed)}`;
      const town = createLatticeTown({ seed, root, cols: 30, rows: 20, gridCols: 5, gridRows: 4, communityCols: 2, communityRows: 2, gaps: 3, overlaps: 3, drops: 2 });
      await importAreas(t.db, town.areas);
      const report = await checkCoverage(t.db, { root });
      const found = report.features;
      expect(found).toHaveLength(town.defects.length);

      const distance = (p: CoverageProblem, at: [number, number]) => pointToPolygonDistance(point(at), p.geometry as Polygon | MultiPolygon, { units: 'meters' });
      const matched = new Set<string>();
      for (const d of town.defects) {
        // The problem at the defect's place: the corner moved, or inside the dropped unit.
        const here = found.filter((p) => distance(p, d.at) < 0.01);
        expect(here, `${d.how} ${d.unit}`).toHaveLength(1);
        const p = here[0];
        matched.add(p.id);
        expect(p.properties.kind).toBe(d.kind);
        expect(p.properties.level).toBe('unit');
        expect(p.properties.parent?.code).toBe(d.grid);
        expect(p.properties.area_m2).toBeGreaterThan(d.area_m2 * 0.99);
        expect(p.properties.area_m2).toBeLessThan(d.area_m2 * 1.01);
        const codes = p.properties.areas.map((a) => a.code);
        if (d.how === 'drop') {
          expect(codes).not.toContain(d.unit);
          expect(codes.length).toBeGreaterThanOrEqual(2);
        } else {
          expect(codes).toContain(d.unit);
          for (const c of codes) expect(d.how === 'push' ? d.codes : [...d.codes, ...neighbours(d.unit, town.areas.features.map((f) => f.properties!.code))]).toContain(c);
        }
      }
      expect(matched.size).toBe(town.defects.length);
      expect(report.summary.by_kind).toEqual({ gap: town.defects.filter((d) => d.kind === 'gap').length, overlap: town.defects.filter((d) => d.kind === 'overlap').length });
    });
  }
});

/** Units of the same grid: a gap's neighbours must at least be in the moved unit's grid. */
function neighbours(unit: string, codes: string[]): string[] {
  return codes.filter((c) => c.length === unit.length && c.slice(0, -3) === unit.slice(0, -3));
}
