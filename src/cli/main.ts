import 'reflect-metadata';
import 'dotenv/config';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ConfigurationError, loadSettings } from '../config/settings';
import { EmbeddedDatabaseBusyError, acquireEmbeddedLock } from '../infra/database/embedded/embedded-lock';
import { createKnex } from '../infra/database/knex/knex.factory';
import { createLogger } from '../infra/platform/logger';
import { PinoAuditLog, auditLogger } from '../infra/platform/pino-audit.log';
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
  // The embedded database serves one process at a time: refuse plainly while a server holds it.
  const release = settings.databaseUrl ? () => undefined : acquireEmbeddedLock(settings.dataDir);
  const db = createKnex({ url: settings.databaseUrl, embeddedDir: `${settings.dataDir}/pgdata`, poolSize: 2 });
  // Audit lines go to stderr: stdout carries the command's machine-readable answer.
  const logger = auditLogger(createLogger({ level: 'info', name: settings.appName }, pino.destination(2)));
  const audit = new PinoAuditLog(logger, { requestId: randomUUID(), actor: 'cli' });
  const context: CliContext = {
    settings,
    db,
    audit,
    args,
    readStdin,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  };
  try {
    return await command.run(context);
  } finally {
    await db.destroy();
    release();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const known = error instanceof ConfigurationError || error instanceof EmbeddedDatabaseBusyError;
    console.error(known ? (error as Error).message : `error: ${(error as Error).message}`);
    process.exit(1);
  });
