import type { CliCommand } from '../cli-context';
import { clientsDisableCommand, clientsListCommand, clientsRotateSecretCommand } from './clients-admin.command';
import { authPurgeCommand } from './auth-purge.command';
import { clientsCreateCommand } from './clients-create.command';
import { holdsExpireCommand } from './holds.command';
import { idempotencyPurgeCommand } from './idempotency.command';
import { ledgerVerifyCommand } from './ledger.command';
import { migrateCommand, migrateRollbackCommand } from './migrate.command';
import { usersCreateAdminCommand } from './users-create-admin.command';

/** Every command of `npm run cli -- <command>`; a module adds its commands here. */
export const COMMANDS: CliCommand[] = [
  migrateCommand,
  migrateRollbackCommand,
  clientsCreateCommand,
  clientsListCommand,
  clientsDisableCommand,
  clientsRotateSecretCommand,
  usersCreateAdminCommand,
  ledgerVerifyCommand,
  idempotencyPurgeCommand,
  holdsExpireCommand,
  authPurgeCommand,
];
