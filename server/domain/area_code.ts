/**
 * The alphabet of codes (areas, draft cells, party organisations): 1 to 64 ASCII letters, digits,
 * `-`, `_` and `.`, beginning with a letter or a digit. Scope is decided from the tree, and an
 * area's `path` joins its ancestors' codes with `/`: a code that held `/` (or whitespace, a
 * control character, `%`, or a letter that only looks like an ASCII one) could pass for a
 * place in the tree it is not in, or be read differently once percent-decoded. Real codes fit:
 * Chinese administrative codes (330782101001), census GEOIDs (250173521022012,
 * 1500000US060750314005), precincts (1-1), party organisations (P33078210100101-1).
 * The database holds the same rule (migration 000010), so no other writer can break it.
 */
export const AREA_CODE_MAX = 64;
export const AREA_CODE_RULE = `1 to ${AREA_CODE_MAX} ASCII letters, digits, "-", "_" and ".", beginning with a letter or a digit`;
const ALPHABET = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Why `code` cannot be a code, naming the first bad character and where it is, or null when it
 * fits the alphabet.
 *
 *   areaCodeProblem('330782101001')     // → null
 *   areaCodeProblem('330782101001/x')   // → 'code "330782101001/x" has "/" (U+002F) at position 13: codes are 1 to 64 ASCII letters, …'
 */
export function areaCodeProblem(code: string): string | null {
  if (code.length === 0) return `a code cannot be empty: codes are ${AREA_CODE_RULE}`;
  if (code.length > AREA_CODE_MAX) return `code "${code.slice(0, 20)}…" is ${code.length} characters long: codes are ${AREA_CODE_RULE}`;
  if (ALPHABET.test(code)) return null;
  const chars = [...code];
  const at = /^[A-Za-z0-9]$/.test(chars[0]) ? chars.findIndex((c) => !/^[A-Za-z0-9._-]$/.test(c)) : 0;
  const bad = chars[at];
  const hex = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  const shown = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(bad) ? `"${bad}" (U+${hex})` : `U+${hex}`;
  const printable = chars.map((c) => (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) ? c : '?')).join('');
  return `code "${printable}" has ${shown} at position ${at + 1}${at === 0 && /^[._-]$/.test(bad) ? ' (a code begins with a letter or a digit)' : ''}: codes are ${AREA_CODE_RULE}`;
}
