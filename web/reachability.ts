/**
 * Whether the server can be reached, as the page last found out: a request that failed for want
 * of a network, or an answer the phone app's service worker gave from its cache (it marks those
 * `x-gridwork-offline: 1`), says no; a real answer says yes. The browser's `navigator.onLine`
 * alone is not enough: it says "online" on a network that reaches nothing, and a page opened from
 * the service worker's cache may be told it is online while nothing answers.
 */
let unreachable = false;
const listeners: (() => void)[] = [];

const set = (value: boolean) => {
  if (unreachable === value) return;
  unreachable = value;
  for (const fn of listeners) fn();
};

/** fetch(), noting what the answer (or its absence) says about the network. */
export async function fetchNoting(input: string, init?: RequestInit): Promise<Response> {
  try {
    const res = await fetch(input, init);
    set(res.headers.get('x-gridwork-offline') === '1');
    return res;
  } catch (err) {
    // A request this page stopped itself says nothing about the network.
    if (!(err instanceof DOMException && err.name === 'AbortError')) set(true);
    throw err;
  }
}

/** True when the browser says it is offline or the last request found no server. */
export function isOffline(): boolean {
  return !navigator.onLine || unreachable;
}

/** Calls `fn` when isOffline() may have changed. */
export function onReachabilityChange(fn: () => void): void {
  listeners.push(fn);
  addEventListener('online', fn);
  addEventListener('offline', fn);
}
