/**
 * The origin of a tile template or style URL, for the Content-Security-Policy: a template's
 * subdomain placeholder (`{s}.tile.example.org`, `t{0-7}.tianditu.gov.cn`) becomes a wildcard;
 * anything that cannot be an origin gives null.
 *
 * @example urlOrigin('https://{s}.tile.example.org/{z}/{x}/{y}.png') // 'https://*.tile.example.org'
 */
export function urlOrigin(url: string | undefined): string | null {
  const m = url ? /^(https?:)\/\/([^/?#]+)/i.exec(url) : null;
  if (!m) return null;
  const host = m[2].replace(/^[^.]*\{[^}]*\}[^.]*\./, '*.');
  return /[{}\s;']/.test(host) ? null : `${m[1].toLowerCase()}//${host}`;
}
