/**
 * One CSV field (RFC 4180), safe to open in a spreadsheet: text starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return gets a leading apostrophe, so that Excel, LibreOffice and WPS show it
 * as text instead of running it as a formula (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`: CSV
 * injection). Numbers are written as they are: a negative deviation stays a number. Fields
 * holding a quote, comma or line break are quoted. Every CSV the service writes goes through here.
 *
 * @example csvCell('=1+2') // "'=1+2"
 * @example csvCell('a,"b"') // '"a,""b"""'
 * @example csvCell(-3) // '-3'
 */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  const safe = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line of `fields` (without its line break). */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return fields.map(csvCell).join(',');
}
