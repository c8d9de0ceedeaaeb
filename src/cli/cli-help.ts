import type { CliCommand } from './cli-context';

/**
 * `--help` texts, built from what each command declares (its summary, options and standard input),
 * so the help cannot list an option the command does not read or miss one it does.
 */

// Under the summary column: two spaces, the name padded to 22, one space.
const INDENT = ' '.repeat(25);

function synopsis(command: CliCommand): string {
  const options = (command.options ?? []).map((o) => `--${o.name} ${o.value}`);
  return [command.name, ...options].join(' ');
}

/** One command: its synopsis, what it does, each option and what it reads from standard input. */
export function commandHelp(command: CliCommand): string {
  const lines = [`usage: npm run cli -- ${synopsis(command)}`, '', `${command.summary}`];
  const options = command.options ?? [];
  if (options.length > 0) {
    lines.push('', 'options (all required):');
    const width = Math.max(...options.map((o) => `--${o.name} ${o.value}`.length));
    for (const o of options) lines.push(`  ${`--${o.name} ${o.value}`.padEnd(width)}  ${o.description}`);
  }
  if (command.stdin) lines.push('', `standard input: ${command.stdin}`);
  return lines.join('\n');
}

/** Every command with its options; `help COMMAND` or `COMMAND --help` for the details of one. */
export function usage(commands: readonly CliCommand[]): string {
  const lines = ['usage: npm run cli -- <command> [options]', '       npm run cli -- help <command>   (or <command> --help)', '', 'commands:'];
  for (const command of commands) {
    lines.push(`  ${command.name.padEnd(22)} ${command.summary}`);
    for (const o of command.options ?? []) lines.push(`${INDENT}--${o.name} ${o.value}`);
    if (command.stdin) lines.push(`${INDENT}standard input: ${command.stdin}`);
  }
  return lines.join('\n');
}

export type HelpRequest = { kind: 'none' } | { kind: 'all' } | { kind: 'command'; command: CliCommand } | { kind: 'unknown'; name: string };

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * Whether argv asks for help, answered before any settings or database are opened (help must work
 * while a server holds the embedded database, and without a valid configuration).
 */
export function helpRequested(argv: readonly string[], commands: readonly CliCommand[]): HelpRequest {
  const [first, second] = argv;
  const find = (name: string): HelpRequest => {
    const command = commands.find((c) => c.name === name);
    return command ? { kind: 'command', command } : { kind: 'unknown', name };
  };
  if (first === undefined || HELP_FLAGS.has(first)) return { kind: 'all' };
  if (first === 'help') return second === undefined ? { kind: 'all' } : find(second);
  if (argv.slice(1).some((arg) => HELP_FLAGS.has(arg))) return find(first);
  return { kind: 'none' };
}
