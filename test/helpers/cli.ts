import type { CliCommand, CliContext } from '../../src/cli/cli-context';
import type { FincoreApp } from '../../src/config/composition-root';

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
    db: app.db,
    args,
    readStdin: async () => stdin,
    out: (line) => run.out.push(line),
    err: (line) => run.err.push(line),
  };
  run.code = await command.run(context);
  return run;
}
