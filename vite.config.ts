import { defineConfig } from 'vite';

// The web app builds into dist/web, which the Express server serves; `npm run dev:web` proxies the
// API to a running server.
export default defineConfig({
  root: 'web',
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/tiles': 'http://127.0.0.1:8080', '/ogc': 'http://127.0.0.1:8080' } },
});
