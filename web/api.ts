import { fetchNoting } from './reachability.ts';
import { signInHref } from './sign_in_next.ts';

let leaving = false;

/**
 * Sends the browser to the sign-in page, which comes back here afterwards: the session has
 * expired or was never opened. Returns a promise that never settles, so that callers stop.
 */
export function goToSignIn(): Promise<never> {
  // Once: a page that asks several things at once hears several 401s, and a second navigation
  // would abort the first.
  if (!leaving) location.assign(signInHref(location.pathname + location.search + location.hash));
  leaving = true;
  return new Promise<never>(() => undefined);
}

/** GET a JSON document; a failure names the URL, the status and the server's message; 401 goes to sign-in. */
export async function getJson<T>(url: string): Promise<T> {
  const res = await fetchNoting(url);
  if (res.status === 401) return goToSignIn();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${(await res.json().catch(() => ({}))).message ?? res.statusText}`);
  return res.json() as Promise<T>;
}

/**
 * GET a JSON document from a service that may not be installed or open to this user: null with
 * the reason (404, 403) instead of an error, so that the map carries on without it. A 401 means
 * nobody is signed in any more: that goes to the sign-in page. `init` makes it another request
 * (postJson).
 */
export async function tryJson<T>(url: string, init?: RequestInit): Promise<{ data: T; why: null } | { data: null; why: string }> {
  try {
    const res = await fetchNoting(url, init);
    if (res.status === 401) return goToSignIn();
    if (res.ok) return { data: (await res.json()) as T, why: null };
    const body = await res.json().catch(() => ({}));
    return { data: null, why: `${res.status} ${body.message ?? res.statusText}` };
  } catch (err) {
    return { data: null, why: err instanceof Error ? err.message : String(err) };
  }
}

/** POST a JSON body; the answer as tryJson gives it (the data, or the status and the server's message). */
export function postJson<T>(url: string, body: unknown): Promise<{ data: T; why: null } | { data: null; why: string }> {
  return tryJson<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Escapes text for innerHTML. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
