const DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Chinese numerals written out in `text` as digits: 十二 → 12, 二十 → 20, 一百零五 → 105, and
 * digit by digit when written so (二〇一 → 201, as room numbers are read). Numbers under 10,000.
 *
 * @example chineseNumeralsToDigits('和平路十二号三幢') // '和平路12号3幢'
 */
export function chineseNumeralsToDigits(text: string): string {
  return text.replace(/[〇零一二两三四五六七八九十百千]+/g, (run) => {
    if (!/[十百千]/.test(run)) return [...run].map((c) => DIGIT[c]).join('');
    let total = 0;
    let digit = -1;
    for (const c of run) {
      if (c in DIGIT) digit = DIGIT[c];
      else {
        total += (digit < 0 ? 1 : digit) * UNIT[c];
        digit = -1;
      }
    }
    return String(total + (digit > 0 ? digit : 0));
  });
}
