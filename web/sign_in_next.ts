/**
 * Where to go after signing in: the `next` parameter when it is a path on this site, else the
 * map. A full URL or `//host` is refused, so that a link cannot send someone elsewhere after
 * they type their password (an open redirect).
 *
 *   safeNext('?next=%2Fevents.html%3Farea%3DT01')   // → '/events.html?area=T01'
 *   safeNext('?next=https%3A%2F%2Fevil.example')    // → '/'
 */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/signin.html')) return '/';
  return next;
}

/** The sign-in page's address, coming back to `here` (path, query and hash) afterwards. */
export function signInHref(here: string): string {
  return `/signin.html?next=${encodeURIComponent(here)}`;
}
