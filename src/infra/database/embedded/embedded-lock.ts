import fs from 'node:fs';
import path from 'node:path';

/** Raised when another live process already holds the embedded database. */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(readonly pid: number) {
    super(
      `The embedded database is in use by process ${pid}. It serves one process at a time: ` +
        'stop the server first, or set DATABASE_URL to use PostgreSQL.',
    );
    this.name = 'EmbeddedDatabaseBusyError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite keeps its files in one folder and must never be opened by two processes at once. A lock
 * file holding the owner's pid guards it; a lock left by a dead process is taken over.
 */
export function acquireEmbeddedLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'fincore.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) throw new EmbeddedDatabaseBusyError(owner);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${file}`);
}
