import { describe, expect, it } from 'vitest';
import { areaCard, type AreaDetail } from '../../web/views/area_card_model.ts';

const createDetail = (over: Partial<AreaDetail> = {}): AreaDetail => ({
  code: '33078210100101',
  name: '东苑社区第1网格',
  level: 'grid',
  kind: 'base',
  ancestors: [{ code: '330782101', name: '青溪镇', level: 'town' }, { code: '330782101001', name: '东苑社区', level: 'community' }],
  children: ['33078210100101001'],
  area_m2: 41_234,
  ...over,
});
const counts = { id: 9, code: '33078210100101', kind: 'base', households: 311, people: 874, floating: 129, facilities: 2, open_events: 3, sizing: { status: 'within' as const, band: { min: 200, max: 400 } } };

describe('areaCard', () => {
  it('uses the registers summary where there is one, the tile counts otherwise', () => {
    const fromCounts = areaCard(createDetail(), null, counts, []);
    expect(fromCounts).toMatchObject({ households: 311, people: 874, facilities: 2, openEvents: 3, sizing: 'within', surface: '0.04 km²' });
    const summary = { households: 420, people: 1000, floating: 5, facilities: { clinic: 1, committee: 1, school: 2 }, staff: {}, party_orgs: { branch: 1 } };
    const fromSummary = areaCard(createDetail(), summary, counts, []);
    // The sizing verdict is the server's, sent with the counts: the card never re-applies the rules.
    expect(fromSummary).toMatchObject({ households: 420, facilities: 4, sizing: 'within', sizingBand: { min: 200, max: 400 }, openEvents: 3 });
    expect(fromSummary.facilitiesByCategory[0]).toEqual(['school', 2]);
    expect(fromSummary.partyOrgs).toEqual([['branch', 1]]);
  });

  it('shows only the staff serving at the area itself, grid leader first', () => {
    const staff = [
      { name: '张三', role: 'volunteer', area_code: '33078210100101' },
      { name: '李四', role: 'grid_worker', area_code: '33078210100101' },
      { name: '王五', role: 'grid_leader', area_code: '33078210100101' },
      { name: '赵六', role: 'unit_leader', area_code: '33078210100101001' },
      { name: '钱七', role: 'volunteer', area_code: '33078210100101' },
    ];
    expect(areaCard(createDetail(), null, null, staff).staff).toEqual([
      { role: 'grid_leader', names: ['王五'] },
      { role: 'grid_worker', names: ['李四'] },
      { role: 'volunteer', names: ['张三', '钱七'] },
    ]);
  });

  it('marks dedicated grids, sizes only grids, and says when nothing is known', () => {
    const school = areaCard(createDetail({ kind: 'school' }), null, { ...counts, kind: 'school', sizing: { status: 'exempt', band: null } }, []);
    expect(school).toMatchObject({ dedicated: true, sizing: 'exempt', sizingBand: null });
    const noRule = areaCard(createDetail({ kind: 'village' }), null, { ...counts, kind: 'village', sizing: { status: 'no_rule', band: null } }, []);
    expect(noRule).toMatchObject({ sizing: 'no_rule', sizingBand: null });
    const unit = areaCard(createDetail({ level: 'unit', area_m2: 812.4 }), null, null, []);
    expect(unit).toMatchObject({ households: null, facilities: null, openEvents: null, sizing: null, surface: '812 m²' });
  });
});
