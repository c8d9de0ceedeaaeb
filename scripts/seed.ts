/**
 * `npm run seed`: demo data for development, loaded through the application's own services (so
 * every rule and hash applies). Safe to run twice: what exists is left alone. Refuses production.
 *
 * A module adds its demo data by appending a seeder to SEEDERS; seeders run in order and may
 * use what earlier ones recorded in `context.users`.
 */
import 'reflect-metadata';
import 'dotenv/config';
import type { Container } from 'inversify';
import { buildApplication } from '../src/config/composition-root';
import { ConfigurationError, loadSettings } from '../src/config/settings';
import type { User } from '../src/domain/modules/user/user.entity';
import { UserNotFoundError } from '../src/domain/modules/user/user.errors';
import type { IUserService, RegisterUserInput } from '../src/domain/modules/user/user.service';
import { USER_TYPES } from '../src/domain/modules/user/user.types';
import { EmbeddedDatabaseBusyError } from '../src/infra/database/embedded/embedded-lock';

/** Development only: printed below and known to anyone who reads this file. */
const DEMO_PASSWORD = 'demo-password-2024';

const DEMO_USERS: (RegisterUserInput & { key: string })[] = [
  { key: 'admin', cpf: '529.982.247-25', name: 'Ana Administradora', email: 'admin@demo.fincore.test', role: 'admin' },
  { key: 'alice', cpf: '111.444.777-35', name: 'Alice Cliente', email: 'alice@demo.fincore.test', role: 'customer' },
  { key: 'bruno', cpf: '123.456.789-09', name: 'Bruno Cliente', email: 'bruno@demo.fincore.test', role: 'customer' },
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
    const existing = await users.getByCpf(input.cpf).catch((error: unknown) => {
      if (error instanceof UserNotFoundError) return undefined;
      throw error;
    });
    const user = existing ?? (await context.container.get<IUserService>(USER_TYPES.IUserService).register({ ...input, password: DEMO_PASSWORD }));
    context.users[key] = user;
    context.log(`${existing ? 'kept   ' : 'created'} ${user.role.padEnd(8)} ${user.cpf.formatted()}  ${user.email.value}`);
  }
}

/** In order. Accounts and deposits for alice and bruno go here once the financial module exists. */
const SEEDERS: Seeder[] = [seedUsers];

async function main(): Promise<number> {
  // Checked on the raw variable too: production settings may not even load here.
  const settings = process.env.NODE_ENV === 'production' ? undefined : loadSettings({ LOG_LEVEL: 'warn', ...process.env });
  if (!settings || settings.nodeEnv === 'production') {
    console.error('npm run seed loads demo data with a published password: it refuses NODE_ENV=production.');
    return 1;
  }
  const app = await buildApplication(settings);
  try {
    const context: SeedContext = { container: app.container, users: {}, log: (line) => console.log(line) };
    for (const seeder of SEEDERS) await seeder(context);
    console.log(`\nDemo users' password: ${DEMO_PASSWORD}`);
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
