/**
 * npm run bench -- NAME [options]
 *
 * Runs scripts/bench/NAME.ts, a program that prints figures for the project's method beside a
 * baseline measured in the same run. Benchmarks are never timed assertions in tests; their
 * figures are recorded in docs/PERFORMANCE.md with the command that reproduces them.
 */
import { readdirSync } from 'node:fs';

const available = readdirSync(new URL('./bench/', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- ${available.join('|') || 'NAME'} [options]${name ? ` (no benchmark "${name}")` : ''}`);
  process.exit(2);
}
process.argv = [process.argv[0], process.argv[1], ...rest];
await import(`./bench/${name}.ts`);
