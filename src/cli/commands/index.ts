import type { CliCommand } from '../cli-context';
import { migrateCommand, migrateRollbackCommand } from './migrate.command';

/** Every command of `npm run cli -- <command>`; a module adds its commands here. */
export const COMMANDS: CliCommand[] = [migrateCommand, migrateRollbackCommand];
