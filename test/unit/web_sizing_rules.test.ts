import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../web/i18n.ts';
import {
  describeRule, draftFields, emptyDraft, formatBand, fromDrafts, glossProblem, parseCount, placeProblems, reportRule, ruleTitle, serverProblems,
  setLimit, sortRules, toDrafts, unsetLimits, type ApiRule,
} from '../../web/sizing/rules_model.ts';

const none = { min: null, max: null };

/** A rule as GET /api/sizing/rules answers it: nothing set unless `over` sets it. */
function createRule(level: string, kind: string, over: Partial<ApiRule> = {}): ApiRule {
  return {
    level, kind, households: none, people: none, floating: none, facilities: none, events_per_month: none,
    community_workers_per_10k: null, grid_workers_per_grid: null, exempt_dedicated: true, ...over,
  };
}

/** The demo's (and the migration's) two rules. */
const createSeedRules = () => [
  createRule('grid', '*', { households: { min: 200, max: 400 }, grid_workers_per_grid: 1 }),
  createRule('community', '*', { community_workers_per_10k: 18 }),
];

afterEach(() => setLang('zh-CN'));

describe('formatBand', () => {
  const cases = [
    { name: 'both bounds', band: { min: 200, max: 400 }, measure: 'households', zh: '200–400 户', en: '200–400 households' },
    { name: 'a floor only', band: { min: 200, max: null }, measure: 'households', zh: '至少 200 户', en: 'at least 200 households' },
    { name: 'a ceiling only', band: { min: null, max: 30 }, measure: 'events_per_month', zh: '至多 30 件/月', en: 'at most 30 events a month' },
    { name: 'zero is a bound, not "unset"', band: { min: 0, max: 5 }, measure: 'facilities', zh: '0–5 处', en: '0–5 facilities' },
    { name: 'neither bound', band: none, measure: 'people', zh: null, en: null },
  ] as const;
  for (const c of cases) {
    it(`${c.name} (zh-CN)`, () => expect(formatBand(c.band, c.measure)).toBe(c.zh));
    it(`${c.name} (en)`, () => {
      setLang('en');
      expect(formatBand(c.band, c.measure)).toBe(c.en);
    });
  }
});

describe('describeRule and ruleTitle', () => {
  it('says every limit a rule sets, households first, then ratios, then the exemption', () => {
    const [grid, community] = createSeedRules();
    expect(ruleTitle(grid)).toBe('网格 · 所有类型（默认）');
    expect(describeRule(grid).map((p) => p.text)).toEqual(['户数 200–400 户', '专职网格员 每个网格 1 名', '专属网格：豁免']);
    expect(describeRule(community).map((p) => p.limit)).toEqual(['community_workers_per_10k', 'exempt']);
    expect(describeRule(community)[0].text).toBe('社区工作者 每万人 18 名');
  });
  it('names a kind, and leaves the exemption off a kind’s own rule (only a default exempts)', () => {
    const school = createRule('grid', 'school', { households: { min: null, max: 150 }, people: { min: 100, max: 900 } });
    expect(ruleTitle(school)).toBe('网格 · 学校');
    expect(describeRule(school).map((p) => p.text)).toEqual(['户数 至多 150 户', '人口 100–900 人']);
  });
  it('says when dedicated grids are checked too, and speaks English on the switch', () => {
    setLang('en');
    const r = createRule('grid', '*', { exempt_dedicated: false, floating: { min: null, max: 500 } });
    expect(ruleTitle(r)).toBe('Grid · all kinds (default)');
    expect(describeRule(r).map((p) => p.text)).toEqual(['Floating population at most 500 people', 'dedicated grids: checked too']);
  });
});

describe('sortRules and reportRule', () => {
  it('orders by level from the town down, unknown levels after, the default before the kinds', () => {
    const rules = [createRule('grid', 'school'), createRule('block', '*'), createRule('grid', '*'), createRule('community', '*'), createRule('grid', 'base')];
    expect(sortRules(rules).map((r) => `${r.level}/${r.kind}`)).toEqual(['community/*', 'grid/*', 'grid/base', 'grid/school', 'block/*']);
  });
  it('finds the rule whose band the report marks: base grids’ own, else the level’s default', () => {
    const seed = createSeedRules();
    expect(reportRule(seed, 'grid')).toBe(seed[0]);
    const withBase = [...seed, createRule('grid', 'base', { households: { min: 250, max: 450 } })];
    expect(reportRule(withBase, 'grid')).toBe(withBase[2]);
    expect(reportRule(seed, 'unit')).toBeNull();
  });
});

describe('parseCount', () => {
  const cases = [
    { input: '', decimal: false, expected: { value: null } },
    { input: '  ', decimal: false, expected: { value: null } },
    { input: ' 250 ', decimal: false, expected: { value: 250 } },
    { input: '0', decimal: false, expected: { value: 0 } },
    { input: '18.5', decimal: true, expected: { value: 18.5 } },
  ];
  for (const c of cases) it(`"${c.input}" → ${JSON.stringify(c.expected)}`, () => expect(parseCount(c.input, c.decimal)).toEqual(c.expected));
  for (const bad of ['2.5', '-1', 'abc', '1e3', '12a']) {
    it(`"${bad}" is refused as a whole number, naming what was typed`, () => expect(parseCount(bad).problem).toContain(`“${bad}”`));
  }
  it('a decimal where one is allowed, still not a negative', () => expect(parseCount('-2', true).problem).toContain('非负数'));
});

describe('drafts: edit a copy, parse it back', () => {
  it('round-trips the rules exactly when nothing is changed', () => {
    const seed = createSeedRules();
    const back = fromDrafts(toDrafts(seed));
    expect(back.problems).toEqual([]);
    expect(back.rules).toEqual(sortRules(seed));
  });
  it('changes a bound, adds and removes limits, toggles the exemption, adds a rule', () => {
    const drafts = toDrafts(createSeedRules()); // community/*, grid/*
    const grid = drafts[1];
    grid.bands.households!.min = '250';
    expect(unsetLimits(grid)).toEqual(['people', 'floating', 'facilities', 'events_per_month', 'community_workers_per_10k']);
    setLimit(grid, 'people', true);
    grid.bands.people!.max = '1200';
    setLimit(grid, 'grid_workers_per_grid', false);
    grid.exempt_dedicated = false;
    const school = emptyDraft('grid', 'school');
    setLimit(school, 'households', true);
    school.bands.households!.max = '150';
    drafts.push(school);
    const { rules, problems } = fromDrafts(drafts);
    expect(problems).toEqual([]);
    expect(rules[1]).toEqual(createRule('grid', '*', { households: { min: 250, max: 400 }, people: { min: null, max: 1200 }, exempt_dedicated: false }));
    expect(rules[2]).toEqual(createRule('grid', 'school', { households: { min: null, max: 150 } }));
  });
  it('stops what cannot be sent, naming each field as the server would; leaves min > max to the server', () => {
    const drafts = toDrafts(createSeedRules());
    drafts[1].bands.households = { min: '400', max: '2O0' }; // a letter O
    setLimit(drafts[0], 'people', true); // added, left empty
    drafts[0].ratios.community_workers_per_10k = '18,5';
    drafts.push(emptyDraft('Grid Level', 'base'));
    const { problems } = fromDrafts(drafts);
    expect(problems.map((p) => p.field)).toEqual(['rules.0.people', 'rules.0.community_workers_per_10k', 'rules.1.households.max', 'rules.2.level']);
    const reversed = toDrafts(createSeedRules());
    reversed[1].bands.households = { min: '500', max: '400' };
    expect(fromDrafts(reversed).problems).toEqual([]);
  });
});

describe('placeProblems', () => {
  const drafts = toDrafts(createSeedRules());
  const fields = draftFields(drafts);
  it('knows the fields the form shows', () => {
    expect([...fields].sort()).toEqual(['rules.0', 'rules.0.community_workers_per_10k', 'rules.1', 'rules.1.grid_workers_per_grid', 'rules.1.households', 'rules.1.households.max', 'rules.1.households.min']);
  });
  const cases = [
    { name: 'the band itself (zod refine on the band)', field: 'rules.1.households', at: 'rules.1.households' },
    { name: 'a bound', field: 'rules.1.households.min', at: 'rules.1.households.min' },
    { name: 'a repeated rule: its kind, shown at the rule', field: 'rules.1.kind', at: 'rules.1' },
    { name: 'a band the form does not show: the rule', field: 'rules.0.people.max', at: 'rules.0' },
    { name: 'the whole body: the panel head', field: 'body', at: '' },
    { name: 'no field at all', field: '', at: '' },
  ];
  for (const c of cases) {
    it(c.name, () => expect([...placeProblems([{ field: c.field, problem: 'p' }], fields).keys()]).toEqual([c.at]));
  }
  it('keeps every problem of a field, in order', () => {
    const placed = placeProblems([{ field: 'rules.1.households', problem: 'a' }, { field: 'rules.1.households.x', problem: 'b' }], fields);
    expect(placed.get('rules.1.households')).toEqual(['a', 'b']);
  });
});

describe('serverProblems', () => {
  it('reads the problems of a 400 body', () => {
    const body = { error: 'ValidationError', message: 'Invalid body parameter "rules.1.households": min must not exceed max.', problems: [{ field: 'rules.1.households', problem: 'min must not exceed max' }] };
    expect(serverProblems(body)).toEqual([{ field: 'rules.1.households', problem: 'min must not exceed max' }]);
  });
  it('falls back on the message, or a sentence of its own', () => {
    expect(serverProblems({ message: 'Bad JSON at byte 3' })).toEqual([{ field: '', problem: 'Bad JSON at byte 3' }]);
    expect(serverProblems(null)[0].problem).toBe('服务器拒绝了这些标准');
  });
});

describe('glossProblem', () => {
  it('glosses the rules schema’s own messages in zh-CN', () => {
    expect(glossProblem('min must not exceed max')).toBe('下限不能大于上限');
    expect(glossProblem('a second rule for level "grid" and kind "school" (the first is rules[2])')).toBe('网格 · 学校 已有一条标准：每个层级和类型只能有一条');
    expect(glossProblem('a second rule for level "block" and kind "*" (the first is rules[0])')).toBe('block · 所有类型（默认） 已有一条标准：每个层级和类型只能有一条');
  });
  it('leaves other problems, and English, to the server’s words', () => {
    expect(glossProblem('Too big: expected array to have <=200 items')).toBeNull();
    setLang('en');
    expect(glossProblem('min must not exceed max')).toBeNull();
  });
});
