import type { interfaces } from 'inversify';
import type { Knex } from 'knex';
import type { Settings } from '../config/settings';
import type { IAuditLog } from '../domain/shared/audit-log.port';

/** What every CLI command receives: validated settings, the application's container, the database and its argument list. */
export interface CliContext {
  settings: Settings;
  /** The container the HTTP app uses (src/config/container.ts): use cases come from here, with every user event handler bound. */
  container: interfaces.Container;
  /** For maintenance queries (migrations, ledger checks, purges), not for use cases. */
  db: Knex;
  /** Operator actions are security events too: recorded with the actor `cli`. */
  audit: IAuditLog;
  args: string[];
  /** Standard input as text (read only when a command asks for it). */
  readStdin(): Promise<string>;
  /** Machine-readable output goes to stdout; everything else to stderr. */
  out(line: string): void;
  err(line: string): void;
}

/** One `--name VALUE` option, as `--help` lists it. */
export interface CliOption {
  name: string;
  /** Placeholder for the value (`CPF`, `"a b"`). */
  value: string;
  description: string;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Every option the command reads; all of them are required (no command has an optional one yet). */
  options?: CliOption[];
  /** What the command reads from standard input, when it reads it. */
  stdin?: string;
  /** Exit code: 0 on success, 1 on a problem the command reports. */
  run(context: CliContext): Promise<number>;
}

/** `--name value` style options; a flag without a value reads as 'true'. */
export function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = args[index + 1];
  return value === undefined || value.startsWith('--') ? 'true' : value;
}
