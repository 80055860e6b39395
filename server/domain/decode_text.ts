import type { Problem } from '../errors.ts';

export type DecodedText = { text: string; encoding: string } | { problem: Problem; message: string; status: 400 | 415 };

/**
 * Text from the bytes of an uploaded CSV, in an encoding decided, never guessed into garbage:
 * - a declared `charset` is decoded strictly in it (an encoding this runtime does not know is a 415);
 * - with none, UTF-8 (a BOM is dropped); bytes that are not UTF-8 are tried as GB18030 (the
 *   superset of GBK that Excel writes a CSV in on Chinese Windows), and taken only when every
 *   character that is not ASCII comes out as Chinese text or its punctuation;
 * - anything else is refused, naming the line of the first byte that could not be read.
 * Text holding U+FFFD (�, a character already lost to a wrong decoding before it came here) or a
 * NUL is refused too: stored, it could never be told from what was meant (#14).
 *
 * @example decodeText(Buffer.from('code,name\nT,镇\n'), undefined) // { text: 'code,name\nT,镇\n', encoding: 'utf-8' }
 * @example decodeText(Buffer.from([0xd5, 0xc5]), undefined) // { text: '张', encoding: 'gb18030' }
 */
export function decodeText(bytes: Uint8Array, charset: string | undefined): DecodedText {
  const declared = charset?.trim().toLowerCase();
  if (declared && !/^utf-?8$/.test(declared)) {
    // Only encodings whose byte structure is checked here: the platform's decoders, even when
    // told to be fatal, silently drop some bytes they cannot read (a trailing 0xFF in GBK or Big5).
    const family = GB.has(declared) ? 'gb18030' : BIG5.has(declared) ? 'big5' : null;
    if (!family) {
      return { status: 415, problem: { field: 'body', problem: `unsupported charset "${charset}"` }, message: `The body's charset "${charset}" is not one this service reads: send UTF-8, GBK/GB18030 or Big5 (text/csv; charset=gbk).` };
    }
    const invalid = firstInvalidDoubleByte(bytes, family);
    if (invalid >= 0) return refusal(bytes, invalid, `is not valid ${charset}`);
    try {
      return checked(new TextDecoder(family, { fatal: true }).decode(bytes), family);
    } catch {
      return refusal(bytes, 0, `is not valid ${charset}`);
    }
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return checked(new TextDecoder('utf-8').decode(bytes), 'utf-8'); // drops a BOM
  if (declared) return refusal(bytes, bad, 'is not valid UTF-8');
  const gbBad = firstInvalidDoubleByte(bytes, 'gb18030');
  if (gbBad < 0) {
    try {
      const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      if (looksChinese(text) && mostlyGb2312(bytes)) return checked(text, 'gb18030');
    } catch {
      // not GB18030 either: refused below
    }
  }
  // Named where the reading that went further broke: a GBK file with one bad byte is told its line.
  return refusal(bytes, Math.max(bad, gbBad), 'is neither UTF-8 nor Chinese text in GBK/GB18030');
}

/** The byte offset of the first byte that is not part of well-formed UTF-8, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    // Lead bytes and the range the second byte must fall in (RFC 3629: no overlongs, no surrogates).
    let n: number, lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

const GB = new Set(['gbk', 'gb2312', 'gb18030', 'cp936', 'windows-936', 'x-gbk', 'chinese', 'csgb2312', 'iso-ir-58']);
const BIG5 = new Set(['big5', 'big5-hkscs', 'cn-big5', 'x-x-big5', 'csbig5']);

/**
 * The offset of the first byte that breaks GB18030's structure (ASCII; a lead 0x81–0xFE with a
 * trail 0x40–0x7E or 0x80–0xFE; or four bytes lead, 0x30–0x39, lead, 0x30–0x39; 0x80 is the euro
 * sign) or Big5's (a lead 0x81–0xFE with a trail 0x40–0x7E or 0xA1–0xFE), or -1.
 */
export function firstInvalidDoubleByte(b: Uint8Array, family: 'gb18030' | 'big5'): number {
  const digit = (x: number | undefined) => x !== undefined && x >= 0x30 && x <= 0x39;
  const lead = (x: number | undefined) => x !== undefined && x >= 0x81 && x <= 0xfe;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80 || (family === 'gb18030' && c === 0x80)) {
      i++;
      continue;
    }
    if (!lead(c)) return i;
    const t = b[i + 1];
    if (family === 'gb18030' && digit(t)) {
      if (!lead(b[i + 2]) || !digit(b[i + 3])) return i;
      i += 4;
      continue;
    }
    const ok = t !== undefined && ((t >= 0x40 && t <= 0x7e) || (family === 'gb18030' ? t >= 0x80 && t <= 0xfe : t >= 0xa1 && t <= 0xfe));
    if (!ok) return i;
    i += 2;
  }
  return -1;
}

/** The 1-based line of byte `offset` (the CSV's header is line 1). */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function checked(text: string, encoding: string): DecodedText {
  const lost = text.indexOf('\ufffd');
  const nul = text.indexOf('\u0000');
  const at = lost < 0 ? nul : nul < 0 ? lost : Math.min(lost, nul);
  if (at < 0) return { text, encoding };
  const line = text.slice(0, at).split('\n').length;
  const what = text[at] === '\u0000' ? 'a NUL character' : 'U+FFFD (�), the mark of a character already lost by a wrong decoding';
  return {
    status: 400,
    problem: { index: line - 1, field: 'body', problem: `line ${line} holds ${what}` },
    message: `The text is refused: line ${line} holds ${what}. Export the file again as UTF-8 (in Excel: "CSV UTF-8") and send its bytes unchanged.`,
  };
}

function refusal(bytes: Uint8Array, offset: number, what: string): DecodedText {
  const line = lineAt(bytes, Math.max(0, offset));
  return {
    status: 400,
    problem: { index: line - 1, field: 'body', problem: `line ${line}: byte ${offset} ${what}` },
    message: `The text is refused: line ${line} (byte ${offset}) ${what}, so its characters cannot be told. Save the file as UTF-8 (in Excel: "CSV UTF-8"), or name its encoding in the Content-Type (text/csv; charset=gbk).`,
  };
}

// Chinese text and what goes with it: CJK ideographs (with extension A and compatibility),
// CJK and full-width punctuation, bopomofo, and the few Latin-1/general punctuation signs GBK has.
// eslint-disable-next-line no-control-regex -- ASCII, control characters included, is part of any such text
const CHINESE = /^[\u0000-\u007f\u00b7\u00d7\u00f7\u2010-\u206f\u2100-\u22ff\u2460-\u24ff\u2500-\u257f\u25a0-\u26ff\u3000-\u303f\u3105-\u312f\u31c0-\u31ef\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]*$/;

function looksChinese(text: string): boolean {
  return CHINESE.test(text);
}

/**
 * Whether at least 80% of the two-byte characters lie in GB2312 (both bytes 0xA1–0xFE), where
 * nearly every character of real Chinese text written in GBK falls. Big5 bytes also read as GBK,
 * as rare characters (mojibake): about half of Big5's characters have a second byte below 0xA1.
 */
function mostlyGb2312(b: Uint8Array): boolean {
  let pairs = 0;
  let gb2312 = 0;
  for (let i = 0; i < b.length; ) {
    if (b[i] < 0x80) {
      i++;
    } else if (b[i + 1] >= 0x30 && b[i + 1] <= 0x39) {
      pairs++; // a four-byte GB18030 character: never GB2312
      i += 4;
    } else {
      pairs++;
      if (b[i] >= 0xa1 && b[i] <= 0xf7 && b[i + 1] >= 0xa1 && b[i + 1] <= 0xfe) gb2312++;
      i += 2;
    }
  }
  return gb2312 >= 0.8 * pairs;
}
