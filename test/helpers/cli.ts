import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { CliCommand, CliContext } from '../../src/cli/cli-context';
import type { FincoreApp } from '../../src/config/composition-root';
import type { IAuditLog } from '../../src/domain/shared/audit-log.port';
import { SHARED_TYPES } from '../../src/domain/shared/shared.types';

export interface CommandRun {
  code: number;
  out: string[];
  err: string[];
}

/** Runs a CLI command object against the test app's database, as `npm run cli` would, capturing its output. */
export async function runCommand(app: FincoreApp, command: CliCommand, args: string[] = [], stdin = ''): Promise<CommandRun> {
  const run: CommandRun = { code: -1, out: [], err: [] };
  const context: CliContext = {
    settings: app.settings,
    container: app.container,
    db: app.db,
    audit: app.container.get<IAuditLog>(SHARED_TYPES.IAuditLog),
    args,
    readStdin: async () => stdin,
    out: (line) => run.out.push(line),
    err: (line) => run.err.push(line),
  };
  run.code = await command.run(context);
  return run;
}

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** `npm run cli -- <args>` as a real process on an embedded database in `dataDir`. */
export function spawnCli(dataDir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-r', 'tsx/cjs', 'src/cli/main.ts', ...args], {
    cwd: PROJECT_ROOT,
    // DATABASE_URL and REDIS_URL empty: the embedded database, whatever a local .env says.
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
