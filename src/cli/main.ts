import 'reflect-metadata';
import 'dotenv/config';
import { ConfigurationError, loadSettings } from '../config/settings';
import type { IAuditLog } from '../domain/shared/audit-log.port';
import { SHARED_TYPES } from '../domain/shared/shared.types';
import { EmbeddedDatabaseBusyError } from '../infra/database/embedded/embedded-lock';
import { openCliContainer } from './cli-container';
import type { CliContext } from './cli-context';
import { COMMANDS } from './commands';

function usage(): string {
  return ['usage: npm run cli -- <command> [options]', '', ...COMMANDS.map((c) => `  ${c.name.padEnd(20)} ${c.summary}`)].join('\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(name ? `unknown command "${name}"\n\n${usage()}` : usage());
    return name ? 2 : 0;
  }
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
