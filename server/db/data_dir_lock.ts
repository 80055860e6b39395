import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite's files must have one process at a time: a second one corrupts them. The holder writes
 * its pid beside the data; a lock whose process has died is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, '..', `${path.basename(dataDir)}.lock`);
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && isProcessAlive(pid)) {
      throw new Error(
        `the embedded database ${dataDir} is in use by process ${pid} (a running Gridwork?). Stop it, or import through it with --url http://HOST:PORT.`,
      );
    }
  }
  writeFileSync(file, String(process.pid));
  const release = () => rmSync(file, { force: true });
  process.once('exit', release);
  return release;
}

/** Whether a process with this pid is running (signal 0 only asks). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
