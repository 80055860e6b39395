import { describe, expect, it } from 'vitest';
import { resolveAreaTree } from '../../server/domain/resolve_area_tree.ts';
import type { AreaInput } from '../../server/domain/parse_area_features.ts';

const input = (index: number, code: string, parentCode: string | null): AreaInput => ({
  index, code, parentCode, name: code, level: 'grid', kind: 'base', attrs: {},
  geometry: { type: 'Polygon', coordinates: [] },
});

describe('resolveAreaTree', () => {
  it('orders parents first and derives path, depth and region from the parent links', () => {
    const { areas, problems } = resolveAreaTree([input(0, 'G', 'C'), input(1, 'C', 'T'), input(2, 'T', null)], [], 'insert');
    expect(problems).toEqual([]);
    expect(areas.map((a) => [a.code, a.path, a.depth, a.region])).toEqual([
      ['T', 'T', 0, 'T'],
      ['C', 'T/C', 1, 'T'],
      ['G', 'T/C/G', 2, 'T'],
    ]);
  });

  it('hangs new areas under stored ones by their stored paths', () => {
    const { areas } = resolveAreaTree([input(0, 'U', 'G')], [{ code: 'G', path: 'T/C/G' }], 'insert');
    expect(areas[0]).toMatchObject({ path: 'T/C/G/U', depth: 3, region: 'T' });
  });

  const refusals: { name: string; inputs: AreaInput[]; existing?: { code: string; path: string }[]; mode?: 'insert' | 'upsert'; expected: RegExp; index: number }[] = [
    { name: 'a duplicate code', inputs: [input(0, 'T', null), input(1, 'T', null)], expected: /duplicate code "T": it is also feature 0/, index: 1 },
    { name: 'a missing parent', inputs: [input(0, 'G', 'NOPE')], expected: /parent "NOPE" does not exist/, index: 0 },
    { name: 'a stored code in insert mode', inputs: [input(0, 'G', null)], existing: [{ code: 'G', path: 'G' }], expected: /already exists; import with mode=upsert/, index: 0 },
    { name: 'a cycle within the file', inputs: [input(0, 'A', 'B'), input(1, 'B', 'C'), input(2, 'C', 'A')], expected: /cycle: A → B → C → A/, index: 0 },
    { name: 'a self-parent', inputs: [input(0, 'A', 'A')], expected: /cycle: A → A/, index: 0 },
    {
      name: 'a cycle through stored areas (re-parenting T under its own grandchild)',
      inputs: [input(0, 'T', 'G')],
      existing: [{ code: 'T', path: 'T' }, { code: 'C', path: 'T/C' }, { code: 'G', path: 'T/C/G' }],
      mode: 'upsert',
      expected: /cycle: T → G → C → T/,
      index: 0,
    },
  ];
  for (const c of refusals) {
    it(`refuses ${c.name}, naming the feature`, () => {
      const { areas, problems } = resolveAreaTree(c.inputs, c.existing ?? [], c.mode ?? 'insert');
      expect(areas).toEqual([]);
      expect(problems[0].problem).toMatch(c.expected);
      expect(problems[0].index).toBe(c.index);
    });
  }

  it('reports stored areas whose path changes when re-parented, so descendants can follow', () => {
    const existing = [{ code: 'T', path: 'T' }, { code: 'C1', path: 'T/C1' }, { code: 'C2', path: 'T/C2' }, { code: 'G', path: 'T/C1/G' }];
    const { areas, moved, problems } = resolveAreaTree([input(0, 'G', 'C2')], existing, 'upsert');
    expect(problems).toEqual([]);
    expect(areas[0].path).toBe('T/C2/G');
    expect(moved).toEqual([{ from: 'T/C1/G', to: 'T/C2/G' }]);
  });
});
