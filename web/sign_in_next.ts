// Any base will do: a next that is a path on this site resolves against it and keeps its origin.
const HERE = 'https://gridwork.invalid';

/**
 * Where to go after signing in: the `next` parameter when it is a path on this site, else the
 * map. A full URL, `//host`, `/\host`, or a path holding a control character or a backslash
 * anywhere is refused, so that a link cannot send someone elsewhere after they type their
 * password (an open redirect). Browsers drop tabs and line breaks from a URL and read `\` as
 * `/`, so `/%09/evil.example` would become `//evil.example`: the check runs on what the browser
 * would go to, after resolving it as the browser does, and then on what is left.
 *
 *   safeNext('?next=%2Fevents.html%3Farea%3DT01')   // → '/events.html?area=T01'
 *   safeNext('?next=https%3A%2F%2Fevil.example')    // → '/'
 *   safeNext('?next=%2F%09%2Fevil.example%2Fx')     // → '/'
 */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  // eslint-disable-next-line no-control-regex
  if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  let target: URL;
  try {
    target = new URL(next, HERE);
  } catch {
    return '/';
  }
  if (target.origin !== HERE) return '/';
  const path = target.pathname + target.search + target.hash;
  // The path must start with exactly one slash (no `//host` after normalising, e.g. `/./%2F/…`).
  if (!path.startsWith('/') || path.startsWith('//') || target.pathname.startsWith('/signin.html')) return '/';
  return path;
}

/** The sign-in page's address, coming back to `here` (path, query and hash) afterwards. */
export function signInHref(here: string): string {
  return `/signin.html?next=${encodeURIComponent(here)}`;
}
