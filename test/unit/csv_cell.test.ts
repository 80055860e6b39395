import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../server/domain/csv_cell.ts';
import { eventStatsCsv } from '../../server/domain/events/summarize_event_stats.ts';
import { formatSizingCsv } from '../../server/domain/sizing/sizing_csv.ts';

describe('csvCell (CSV injection)', () => {
  const cases = [
    { name: 'formula', input: '=HYPERLINK("http://evil.example","x")', expected: `"'=HYPERLINK(""http://evil.example"",""x"")"` },
    { name: 'DDE plus', input: "+cmd|' /C calc'!A0", expected: "'+cmd|' /C calc'!A0" },
    { name: 'minus text', input: '-2+3', expected: "'-2+3" },
    { name: 'at', input: '@SUM(A1)', expected: "'@SUM(A1)" },
    { name: 'tab', input: '\t=1', expected: "'\t=1" },
    { name: 'carriage return', input: '\r=1', expected: `"'\r=1"` },
    { name: 'negative number stays a number', input: -3, expected: '-3' },
    { name: 'plain text', input: '一网格', expected: '一网格' },
    { name: 'comma quoted', input: 'a,b', expected: '"a,b"' },
    { name: 'null empty', input: null, expected: '' },
    { name: 'formula char inside', input: 'a=b', expected: 'a=b' },
  ];
  it.each(cases)('$name', ({ input, expected }) => expect(csvCell(input)).toBe(expected));
  it('joins a line', () => expect(csvLine(['=1', 2, null])).toBe("'=1,2,"));
});

describe('every CSV the service writes escapes formulas', () => {
  const group = (code: string, name: string) => ({
    code, name, total: 1, open: 1, closed: 0, closed_same_day: 0, share_closed_same_day: null, median_hours_to_close: null, overdue: 0,
    overdue_by_level: {}, by_category: { '=cat': 1 }, by_status: {},
  });
  it('event stats', () => {
    const csv = eventStatsCsv({ groups: [group('G1', '=HYPERLINK("x")'), group('G2', '@x')], total: group('T', '+cmd|calc') } as never);
    expect(csv).not.toMatch(/(^|,|\r\n)"?[=+@]/);
    expect(csv).toContain(`'=HYPERLINK`);
  });
  it('sizing', () => {
    const csv = formatSizingCsv([{ code: 'G', name: '-1+1', kind: 'base', parent_code: null, households: 1, people: 1, floating: 0, facilities: 0, band: null, status: 'ok', deviation: { households: -4, percent: null }, breaches: [] }]);
    expect(csv.split('\r\n')[1]).toBe("G,'-1+1,base,,1,1,0,0,,,ok,-4,,");
  });
});
