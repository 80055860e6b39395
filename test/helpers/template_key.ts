import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A short hash of everything a template database is made from (the migrations and the demo
 * town's generator), so a cached template is rebuilt exactly when one of them changes.
 */
export function templateKey(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(name).update(readFileSync(full));
    }
  };
  for (const dir of ['server/db/migrations', 'server/demo_town', 'server/services', 'server/db/queries']) walk(path.join(root, dir));
  return hash.digest('hex').slice(0, 12);
}
