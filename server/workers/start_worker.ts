import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// tsx's module API, found from this file (a worker's eval'd code resolves from the working directory).
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;

/**
 * Starts a worker thread running the TypeScript module at `url`. Node 20 does not pass a parent's
 * `--import tsx` hooks on to a worker's entry module, so the worker's first (JavaScript) line
 * registers tsx's loader itself and then imports the module: the same under `tsx`, vitest and
 * `node --import tsx`.
 */
export function startWorker(url: URL, workerData: unknown): Worker {
  const source = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(source, { eval: true, workerData });
}
