import { describe, expect, it } from 'vitest';
import { chineseNumeralsToDigits } from '../../server/domain/addresses/chinese_numerals.ts';
import { normaliseAddress } from '../../server/domain/addresses/normalise_address.ts';
import { addressMatcher } from '../../server/domain/addresses/match_addresses.ts';

describe('chineseNumeralsToDigits', () => {
  it.each([
    ['十二号', '12号'], ['二十号', '20号'], ['一百零五号', '105号'], ['三幢二单元', '3幢2单元'], ['二〇一室', '201室'], ['十号', '10号'], ['两千三百号', '2300号'],
  ])('%s → %s', (input, expected) => expect(chineseNumeralsToDigits(input)).toBe(expected));
});

describe('normaliseAddress', () => {
  it.each([
    { input: '浙江省义乌市稠城街道和平社区和平路十二号３栋二单元４０１室', expected: '和平路12号3幢2单元401' },
    { input: '和平路12号3幢2单元401', expected: '和平路12号3幢2单元401' },
    { input: '和平路 12 号 3号楼 2单元 401', expected: '和平路12号3幢2单元401' },
    { input: '和平路12号3-2-401', expected: '和平路12号3幢2单元401' },
    { input: '阳光小区３座', expected: '阳光小区3幢' },
    { input: 'ＡＢ路１００弄５号', expected: 'ab路100弄5号' },
  ])('$input', ({ input, expected }) => expect(normaliseAddress(input)).toBe(expected));

  it('drops the names given as prefixes (the town and its communities)', () => {
    expect(normaliseAddress('城东和平路1号', { prefixes: ['城东'] })).toBe('和平路1号');
  });
});

describe('addressMatcher', () => {
  const keys = ['和平路12号3幢2单元', '和平路12号4幢', '和平路14号', '解放路12号', '人民大道8号', '人民大街8号', '光明路5号', '光明路5号'];
  const match = addressMatcher(keys);
  it.each([
    { key: '和平路12号3幢2单元', expected: { status: 'matched', how: 'exact', address: 0, score: 1 } },
    { key: '和平路12号3幢2单元401', expected: { status: 'matched', how: 'building', address: 0, score: 1 } },
    { key: '和平路12号4幢301', expected: { status: 'matched', how: 'building', address: 1, score: 1 } },
    { key: '和平路12号4幢1单元301', expected: { status: 'matched', how: 'building', address: 1, score: 1 } },
    { key: '和平东路14号', expected: { status: 'matched', how: 'fuzzy', address: 2 } },
    { key: '光明路5号', expected: { status: 'ambiguous', candidates: [6, 7] } },
    { key: '人民大路8号', expected: { status: 'ambiguous', candidates: [4, 5] } },
    { key: '和平路21号', expected: { status: 'unmatched' } },
    { key: '幸福路12号', expected: { status: 'unmatched' } },
  ])('$key', ({ key, expected }) => expect(match(key)).toMatchObject(expected));
});
