import { chineseNumeralsToDigits } from './chinese_numerals.ts';

// The administrative chain an address may start with, dropped so that "浙江省义乌市稠城街道和平社区
// 和平路1号" and "和平路1号" read alike: province, city, district/county (not 小区, an estate),
// town/sub-district, community/village committee. Anchored at the start; each part optional.
const ADMIN_PREFIX = /^(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,6}?市)?(?:[\u4e00-\u9fff]{1,5}?(?<!小)(?:区|县))?(?:[\u4e00-\u9fff]{1,6}?(?:街道|镇|乡))?(?:[\u4e00-\u9fff]{1,8}?(?:社区居委会|社区|村委会|居委会))?/;

export interface NormaliseOptions {
  /** Names to drop where an address starts with them (the town's and its communities' names from the tree). */
  prefixes?: readonly string[];
}

/**
 * The key two spellings of one address share: full-width letters and digits made half-width
 * (NFKC), Chinese numerals made digits, building words made one (栋, 号楼, 座 → 幢), a room's 室
 * dropped, `12-3-401` read as 12幢3单元401, the town and community prefixes dropped, spaces and
 * punctuation removed. Both sides of a match go through it, so it is a key, not a parse.
 *
 * @example normaliseAddress('浙江省义乌市稠城街道和平社区和平路十二号３栋二单元４０１室') // '和平路12号3幢2单元401'
 */
export function normaliseAddress(address: string, options: NormaliseOptions = {}): string {
  const fold = (text: string) => chineseNumeralsToDigits(text.normalize('NFKC').toLowerCase()).replace(/[\s·•.,，、。:：;；'"“”‘’()（）[\]【】{}<>《》_]/g, '');
  let s = fold(address);
  const prefixes = (options.prefixes ?? []).map(fold).filter(Boolean);
  for (const p of prefixes) if (s.startsWith(p)) s = s.slice(p.length);
  s = s.replace(ADMIN_PREFIX, '');
  for (const p of prefixes) if (s.startsWith(p)) s = s.slice(p.length);
  s = s
    .replace(/(\d+)-(\d+)-(\d+)$/, '$1幢$2单元$3')
    .replace(/(\d+)(?:号楼|栋|座|幢)/g, '$1幢')
    .replace(/(\d+)室$/, '$1')
    .replace(/[-—–~]/g, '');
  return s;
}
