import { goToSignIn } from '../api.ts';
import type { ServerAnswer } from './form_problems.ts';

/**
 * Sends a write (POST, PATCH, DELETE) and keeps the whole answer: the forms need a refusal's
 * `problems[]` to name the field, which postJson folds into one line. A 401 goes to sign-in.
 */
export async function sendJson<T>(method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<{ data: T; refused: null } | { data: null; refused: ServerAnswer }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    return { data: null, refused: { status: 0, body: { message: err instanceof Error ? err.message : String(err) } } };
  }
  if (res.status === 401) return goToSignIn();
  const json = await res.json().catch(() => null);
  if (res.ok) return { data: json as T, refused: null };
  return { data: null, refused: { status: res.status, body: json ?? { message: res.statusText } } };
}
