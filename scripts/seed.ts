/**
 * `npm run seed`: demo data for development, loaded through the application's own services (so
 * every rule and hash applies). Safe to run twice: what exists is left alone. Refuses production.
 *
 * A module adds its demo data by appending a seeder to SEEDERS; seeders run in order and may
 * use what earlier ones recorded in `context.users`. Today: three users, and a BRL account with an
 * opening deposit for each customer.
 *
 * The demo CPFs are valid and used nowhere in the README, so the seed and the README's walk-through
 * can run on one database in either order without taking each other's people.
 */
import 'reflect-metadata';
import 'dotenv/config';
import type { Container } from 'inversify';
import { buildContainer } from '../src/config/container';
import { ConfigurationError, loadSettings } from '../src/config/settings';
import type { Principal } from '../src/domain/modules/auth/principal';
import type { IAccountService } from '../src/domain/modules/financial/account.service';
import { FINANCIAL_TYPES } from '../src/domain/modules/financial/financial.types';
import type { RequestRecord } from '../src/domain/modules/financial/idempotency.port';
import type { IMoneyMovementService } from '../src/domain/modules/financial/money-movement.service';
import type { User } from '../src/domain/modules/user/user.entity';
import { UserNotFoundError } from '../src/domain/modules/user/user.errors';
import { CONSOLE_OPERATOR } from '../src/domain/modules/auth/principal';
import type { IUserService, RegisterUserInput } from '../src/domain/modules/user/user.service';
import { USER_TYPES } from '../src/domain/modules/user/user.types';
import { EmbeddedDatabaseBusyError } from '../src/infra/database/embedded/embedded-lock';

/** Development only: printed below and known to anyone who reads this file. */
const DEMO_PASSWORD = 'demo-password-2024';

const DEMO_USERS: (RegisterUserInput & { key: string })[] = [
  { key: 'admin', cpf: '390.533.447-05', name: 'Ana Administradora', email: 'admin@demo.fincore.test', role: 'admin' },
  { key: 'alice', cpf: '274.839.163-20', name: 'Alice Cliente', email: 'alice@demo.fincore.test', role: 'customer' },
  { key: 'bruno', cpf: '615.207.398-77', name: 'Bruno Cliente', email: 'bruno@demo.fincore.test', role: 'customer' },
];

export interface SeedContext {
  container: Container;
  /** Demo users by key (admin, alice, bruno), for seeders that need owners. */
  users: Record<string, User>;
  log(line: string): void;
}

type Seeder = (context: SeedContext) => Promise<void>;

async function seedUsers(context: SeedContext): Promise<void> {
  for (const { key, ...input } of DEMO_USERS) {
    // One service per user: services are request-scoped, one unit of work each.
    const users = context.container.get<IUserService>(USER_TYPES.IUserService);
    const existing = await users.get(CONSOLE_OPERATOR, input.cpf).catch((error: unknown) => {
      if (error instanceof UserNotFoundError) return undefined;
      throw error;
    });
    const user = existing ?? (await context.container.get<IUserService>(USER_TYPES.IUserService).register(CONSOLE_OPERATOR, { ...input, password: DEMO_PASSWORD }));
    context.users[key] = user;
    // A kept user keeps whatever password it has now: only a created one is known to have the demo password.
    const password = existing ? '(unchanged)' : DEMO_PASSWORD;
    context.log(`${existing ? 'kept   ' : 'created'} user     ${user.role.padEnd(8)}  cpf ${user.cpf.value}  password ${password}  ${user.email.value}`);
  }
}

/** Deposits of the seed: R$ 1.000,00 each, through the configured gateway (the sandbox by default). */
const OPENING_DEPOSIT = 100_000n;

/**
 * The seed is no HTTP request, so no Idempotency-Key: a record that only carries a stable
 * downstream key (the gateway sees the same key if the seed is interrupted and run again).
 */
const seedRecord = <T>(externalKey: string): RequestRecord<T> => ({
  externalKey,
  resumeFrom: null,
  checkpoint: async () => undefined,
  complete: async () => undefined,
  outcome: () => null,
});

async function seedAccounts(context: SeedContext): Promise<void> {
  const admin: Principal = { kind: 'user', userId: context.users.admin.id as number, role: 'admin' };
  for (const key of ['alice', 'bruno']) {
    const owner = context.users[key];
    const ownerCpf = owner.cpf.value;
    const accounts = context.container.get<IAccountService>(FINANCIAL_TYPES.IAccountService);
    const existing = await accounts.list(admin, { ownerCpf, limit: 1 });
    if (existing.items.length > 0) {
      context.log(`kept    account  ${existing.items[0].id}  owner ${ownerCpf}`);
      continue;
    }
    const account = await context.container.get<IAccountService>(FINANCIAL_TYPES.IAccountService).open(admin, { currency: 'BRL', ownerCpf });
    await context.container
      .get<IMoneyMovementService>(FINANCIAL_TYPES.IMoneyMovementService)
      .deposit(admin, { accountId: account.id, amount: OPENING_DEPOSIT, currency: 'BRL', source: 'tok_seed', description: 'Demo opening deposit' }, seedRecord(`seed-deposit-${account.id}`));
    context.log(`created account  ${account.id}  owner ${ownerCpf}  balance BRL 1000.00`);
  }
}

/** In order: later seeders use what earlier ones recorded in `context.users`. */
const SEEDERS: Seeder[] = [seedUsers, seedAccounts];

async function main(): Promise<number> {
  // Checked on the raw variable too: production settings may not even load here.
  const settings = process.env.NODE_ENV === 'production' ? undefined : loadSettings({ LOG_LEVEL: 'warn', ...process.env });
  if (!settings || settings.nodeEnv === 'production') {
    console.error('npm run seed loads demo data with a published password: it refuses NODE_ENV=production.');
    return 1;
  }
  // The application's container, without the HTTP part: the seed is no request.
  const app = await buildContainer(settings, { auditContext: () => undefined, migrate: settings.autoMigrate });
  try {
    const context: SeedContext = { container: app.container, users: {}, log: (line) => console.log(line) };
    for (const seeder of SEEDERS) await seeder(context);
    console.log(`\nLog in with POST /v1/auth/login {"cpf": <a cpf above>, "password": "${DEMO_PASSWORD}"}.`);
    return 0;
  } finally {
    await app.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const known = error instanceof ConfigurationError || error instanceof EmbeddedDatabaseBusyError;
    console.error(known ? (error as Error).message : `seed failed: ${(error as Error).message}`);
    process.exit(1);
  });
