import 'reflect-metadata';
import 'dotenv/config';
import { ConfigurationError, loadSettings } from '../config/settings';
import type { IAuditLog } from '../domain/shared/audit-log.port';
import { SHARED_TYPES } from '../domain/shared/shared.types';
import { EmbeddedDatabaseBusyError } from '../infra/database/embedded/embedded-lock';
import { openCliContainer } from './cli-container';
import { commandHelp, helpRequested, usage } from './cli-help';
import type { CliContext } from './cli-context';
import { COMMANDS } from './commands';

/** Help asked for goes to stdout (it can be paged or grepped); help after a mistake to stderr. */
function say(text: string, code: number): number {
  console.log(text);
  return code;
}

function complain(text: string, code: number): number {
  console.error(text);
  return code;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv: string[]): Promise<number> {
  const help = helpRequested(argv, COMMANDS);
  if (help.kind === 'all') return say(usage(COMMANDS), 0);
  if (help.kind === 'command') return say(commandHelp(help.command), 0);
  if (help.kind === 'unknown') return complain(`unknown command "${help.name}"\n\n${usage(COMMANDS)}`, 2);
  const [name, ...args] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return complain(`unknown command "${name}"\n\n${usage(COMMANDS)}`, 2);
  const settings = loadSettings();
  const core = await openCliContainer(settings);
  const context: CliContext = {
    settings,
    container: core.container,
    db: core.db,
    audit: core.container.get<IAuditLog>(SHARED_TYPES.IAuditLog),
    args,
    readStdin,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  };
  try {
    return await command.run(context);
  } finally {
    await core.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const known = error instanceof ConfigurationError || error instanceof EmbeddedDatabaseBusyError;
    console.error(known ? (error as Error).message : `error: ${(error as Error).message}`);
    process.exit(1);
  });
