import { readdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';

// The web app builds into dist/web, which the Express server serves; `npm run dev:web` proxies the
// API to a running server. Every web/*.html is a page of its own (one-map, command centre,
// sizing, planner, sign-in), so each view loads only its own code. The phone app is web/m/index.html,
// served at /m/ (its service worker's scope); web/public/ (its manifest, icons, service worker) is
// copied as it is.
const root = path.resolve(import.meta.dirname, 'web');
const pages = {
  ...Object.fromEntries(
    readdirSync(root)
      .filter((f) => f.endsWith('.html'))
      .map((f) => [path.basename(f, '.html'), path.join(root, f)]),
  ),
  m: path.join(root, 'm', 'index.html'),
};

export default defineConfig({
  root: 'web',
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2500, rollupOptions: { input: pages } },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/tiles': 'http://127.0.0.1:8080', '/ogc': 'http://127.0.0.1:8080', '/open311': 'http://127.0.0.1:8080' } },
});
