/**
 * npm start's first step: builds the web app into dist/web unless it was already built from the
 * same inputs. The inputs are every file under web/, vite.config.ts, tsconfig.json and
 * package-lock.json (the libraries bundled); their SHA-256 is kept in dist/web/.inputs-hash after
 * a build, so a later start with nothing changed skips the build (about 25 s on these machines)
 * and answers in seconds. `--force` builds anyway.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist/web');
const stamp = path.join(out, '.inputs-hash');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

const hash = createHash('sha256');
for (const file of [...filesUnder(path.join(root, 'web')), ...['vite.config.ts', 'tsconfig.json', 'package-lock.json'].map((f) => path.join(root, f))]) {
  hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
}
const inputs = hash.digest('hex');

if (!process.argv.includes('--force') && existsSync(path.join(out, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs) {
  console.log('web app: up to date (nothing in web/ changed since the last build)');
} else {
  const t0 = performance.now();
  console.log('web app: building into dist/web …');
  // Vite is loaded only to build: importing it alone takes seconds on a loaded machine.
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, inputs);
  console.log(`web app: built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
