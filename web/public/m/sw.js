/* global self, caches, fetch, URL, Response, Headers */
// The phone app's service worker (scope /m/): the app shell and the user's grid open offline.
// Plain JavaScript, served as it is (web/public): a worker script cannot be a Vite module.
//
// - The page (/m/) and its scripts, styles and icons: cached on install and as the page loads
//   (the page posts the URLs it loaded); scripts and styles under /assets/ carry a content hash,
//   so a cached one is never stale: cache first.
// - The page itself and the API's GETs the app opens with (who am I, categories, the user's area,
//   events): network first, the cached answer when there is no network.
// - Map tiles (/tiles/…): cache first, refreshed in the background, so the grid the user walks
//   is on the phone at the zooms they used.
// - Writes (POST …) are never cached: the app's outbox keeps them (IndexedDB) until sent.
const SHELL = 'gridwork-m-shell-v1';
const DATA = 'gridwork-m-data-v1';
const TILES = 'gridwork-m-tiles-v1';
const PRECACHE = ['/m/', '/m/manifest.webmanifest', '/m/icon.svg', '/m/icon-192.png', '/m/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll(PRECACHE);
      // The scripts and styles the page names (Vite writes them into its HTML).
      const html = await (await cache.match('/m/')).text();
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await cache.addAll(assets);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = [SHELL, DATA, TILES];
      for (const name of await caches.keys()) if (!keep.includes(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// The page names what it loaded before this worker controlled it; once those are kept, it is told
// (`cached`): from then on the app opens without a network.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache' || !Array.isArray(event.data.urls)) return;
  event.waitUntil(
    Promise.all(
      event.data.urls.map(async (url) => {
        const u = new URL(url);
        if (u.origin !== self.location.origin || u.pathname.endsWith('/stream') || u.pathname.startsWith('/api/media/')) return;
        const cache = await caches.open(cacheFor(u));
        if (await cache.match(u.href)) return;
        const res = await fetch(u.href).catch(() => null);
        if (res && res.ok) await cache.put(u.href, res);
      }),
    ).then(() => event.source?.postMessage({ type: 'cached' })),
  );
});

/** Which cache a same-origin GET belongs in. */
function cacheFor(u) {
  if (u.pathname.startsWith('/tiles/')) return TILES;
  if (u.pathname.startsWith('/api/')) return DATA;
  return SHELL;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const u = new URL(req.url);
  if (req.method !== 'GET' || u.origin !== self.location.origin) return;
  // Live streams and photos stay with the network (photos: the browser's own cache).
  if (u.pathname.endsWith('/stream') || u.pathname.startsWith('/api/media/')) return;
  if (u.pathname.startsWith('/assets/') || PRECACHE.includes(u.pathname)) {
    if (u.pathname === '/m/') event.respondWith(networkFirst(req, SHELL));
    else event.respondWith(cacheFirst(req, SHELL));
  } else if (u.pathname.startsWith('/tiles/')) event.respondWith(staleWhileRevalidate(req, TILES));
  else if (u.pathname.startsWith('/api/')) event.respondWith(networkFirst(req, DATA));
});

async function cacheFirst(req, name) {
  const cache = await caches.open(name);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}

async function networkFirst(req, name) {
  const cache = await caches.open(name);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(req, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(req);
    if (hit) return servedOffline(hit);
    throw err;
  }
}

// A kept answer given for want of a network says so (web/reachability.ts reads it): the page
// then knows it is offline even where the browser says otherwise.
function servedOffline(res) {
  const headers = new Headers(res.headers);
  headers.set('x-gridwork-offline', '1');
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

async function staleWhileRevalidate(req, name) {
  const cache = await caches.open(name);
  const hit = await cache.match(req);
  const fresh = fetch(req).then(
    async (res) => {
      if (res.ok) await cache.put(req, res.clone());
      return res;
    },
    () => null,
  );
  if (hit) return hit;
  const res = await fresh;
  return res ?? Response.error();
}
