import { describe, expect, it } from 'vitest';
import { STAFF_COLOURS, STAFF_LAYER_IDS, gridStaffMarkers, staffLayerSpecs, staffLayerStyle, staffMarkerText, staffTally, type GridStaffMarker } from '../../web/map/staff_layers.ts';
import { setLang } from '../../web/i18n.ts';

const grids = [{ code: 'g1' }, { code: 'g2' }, { code: 'g3' }];
const marker = (code: string, workers: number, partTime: number, branch: boolean): GridStaffMarker => ({ code, workers, partTime, branch, status: workers > 0 ? 'staffed' : 'no_worker' });

describe('gridStaffMarkers', () => {
  const cases = [
    {
      name: 'a grid with a full-time worker and a branch',
      staff: [{ role: 'grid_worker', area_code: 'g1' }],
      orgs: [{ kind: 'branch', area_code: 'g1' }],
      expected: [marker('g1', 1, 0, true), marker('g2', 0, 0, false), marker('g3', 0, 0, false)],
    },
    {
      name: 'a part-time worker does not make a grid staffed',
      staff: [{ role: 'part_time_worker', area_code: 'g2' }, { role: 'grid_worker', area_code: 'g1' }, { role: 'grid_worker', area_code: 'g1' }],
      orgs: [],
      expected: [marker('g1', 2, 0, false), marker('g2', 0, 1, false), marker('g3', 0, 0, false)],
    },
    {
      name: 'other roles, other areas and other party organisations are left out',
      staff: [{ role: 'grid_leader', area_code: 'g3' }, { role: 'volunteer', area_code: 'g3' }, { role: 'grid_worker', area_code: 'unit-of-g3' }, { role: 'unit_leader', area_code: 'g3' }],
      orgs: [{ kind: 'group', area_code: 'g3' }, { kind: 'committee', area_code: 'community' }, { kind: 'branch', area_code: null }, { kind: 'branch', area_code: 'elsewhere' }],
      expected: [marker('g1', 0, 0, false), marker('g2', 0, 0, false), marker('g3', 0, 0, false)],
    },
  ];
  for (const c of cases) it(c.name, () => expect(gridStaffMarkers(grids, c.staff, c.orgs)).toEqual(c.expected));

  it('tallies grids without a full-time worker or a branch', () => {
    const markers = gridStaffMarkers(grids, [{ role: 'grid_worker', area_code: 'g1' }, { role: 'grid_worker', area_code: 'g3' }, { role: 'grid_worker', area_code: 'g3' }], [{ kind: 'branch', area_code: 'g2' }, { kind: 'branch', area_code: 'g3' }]);
    expect(staffTally(markers)).toEqual({ grids: 3, workers: 3, noWorker: 1, branches: 2, noBranch: 1 });
    expect(staffTally([])).toEqual({ grids: 0, workers: 0, noWorker: 0, branches: 0, noBranch: 0 });
  });
});

describe('staffLayerStyle', () => {
  const markers = [marker('g1', 1, 0, true), marker('g2', 0, 1, false), marker('g3', 2, 0, true), marker('g4', 0, 0, true)];
  const style = staffLayerStyle(markers, (m) => `${m.workers}/${m.partTime}/${m.branch ? 'b' : '-'}`);

  it('draws only grids with a marker', () => {
    expect(style.filter).toEqual(['in', ['get', 'code'], ['literal', ['g1', 'g2', 'g3', 'g4']]]);
  });

  it('colours grids without a full-time worker with the warning, grouping codes by colour', () => {
    expect(style.workerColour).toEqual(['match', ['get', 'code'], ['g2', 'g4'], STAFF_COLOURS.no_worker, STAFF_COLOURS.staffed]);
    expect(style.branchColour).toEqual(['match', ['get', 'code'], ['g2'], STAFF_COLOURS.noBranch, STAFF_COLOURS.branch]);
    expect(style.workerSortKey).toEqual(['match', ['get', 'code'], ['g2', 'g4'], 1, 0]);
  });

  it('words each grid by its own counts', () => {
    expect(style.text).toEqual(['match', ['get', 'code'], ['g1'], '1/0/b', ['g2'], '0/1/-', ['g3'], '2/0/b', ['g4'], '0/0/b', '']);
  });

  it('needs no match expression when every grid is alike or there are none', () => {
    const allStaffed = staffLayerStyle([marker('g1', 1, 0, true)], () => '');
    expect(allStaffed.workerColour).toBe(STAFF_COLOURS.staffed);
    expect(allStaffed.text).toBe('');
    expect(allStaffed.workerSortKey).toBe(0);
    expect(staffLayerStyle([], () => 'x').filter).toEqual(['in', ['get', 'code'], ['literal', []]]);
  });
});

describe('staffMarkerText', () => {
  const cases = [
    { name: 'staffed with a branch', lang: 'zh-CN', m: marker('g', 1, 0, true), expected: '网格员 1' },
    { name: 'part-time cover, no branch', lang: 'zh-CN', m: marker('g', 0, 1, false), expected: '无专职（兼职 1） · 无支部' },
    { name: 'in English', lang: 'en', m: marker('g', 2, 0, false), expected: 'worker ×2 · no branch' },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      setLang(c.lang);
      expect(staffMarkerText(c.m)).toBe(c.expected);
      setLang('zh-CN');
    });
  }
  it('never carries a name: only counts and roles', () => {
    expect(staffMarkerText(marker('g', 3, 2, true))).not.toMatch(/[A-Za-z]{2,}|undefined|null/);
  });
});

describe('staffLayerSpecs', () => {
  it('draws the grid label points, hidden and empty until markers arrive', () => {
    const specs = staffLayerSpecs();
    expect(specs.map((s) => s.id)).toEqual([...STAFF_LAYER_IDS]);
    for (const s of specs) {
      expect(s).toMatchObject({ source: 'areas-grids', 'source-layer': 'grids_label', layout: { visibility: 'none' } });
      expect((s as { filter: unknown }).filter).toEqual(['in', ['get', 'code'], ['literal', []]]);
    }
  });
});
