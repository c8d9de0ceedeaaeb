/**
 * Does a failed login take as long whatever is wrong? Times AuthService.login for a wrong password,
 * an unknown CPF and a user without a password (each does exactly one argon2id verification), on
 * an in-memory embedded database.
 *
 *   npx tsx scripts/bench-login-timing.ts [--attempts 40]
 */
import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { buildApplication } from '../src/config/composition-root';
import { randomCpf } from '../src/config/first-admin';
import { loadSettings } from '../src/config/settings';
import type { IAuthService } from '../src/domain/modules/auth/auth.service';
import { AUTH_TYPES } from '../src/domain/modules/auth/auth.types';
import type { IUserService } from '../src/domain/modules/user/user.service';
import { USER_TYPES } from '../src/domain/modules/user/user.types';

const attemptsIndex = process.argv.indexOf('--attempts');
const attempts = attemptsIndex === -1 ? 40 : Number(process.argv[attemptsIndex + 1]);

async function main(): Promise<void> {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const settings = loadSettings({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_PRIVATE_KEY: key });
  const app = await buildApplication(settings, { database: { embeddedDir: 'memory', poolSize: 1 } });
  try {
    const users = () => app.container.get<IUserService>(USER_TYPES.IUserService);
    const auth = () => app.container.get<IAuthService>(AUTH_TYPES.IAuthService);
    const withPassword = randomCpf();
    const withoutPassword = randomCpf();
    await users().register(null, { cpf: withPassword, name: 'Timing Test', email: 'timing@example.com', password: 'the right password' });
    await users().register(null, { cpf: withoutPassword, name: 'No Password', email: 'nopassword@example.com' });

    const cases: [string, () => string][] = [
      ['wrong password', () => withPassword],
      ['unknown CPF', () => randomCpf()],
      ['user without password', () => withoutPassword],
    ];
    const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
    // Interleaved, so drift of the machine affects every case alike.
    for (let i = 0; i < attempts; i++) {
      for (const [name, cpf] of cases) {
        const start = process.hrtime.bigint();
        await auth().login(cpf(), 'a wrong password').catch(() => undefined);
        samples.get(name)!.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    console.log(`failed login, ${attempts} attempts each (ms): median / p90`);
    for (const [name, values] of samples) {
      const sorted = values.slice(2).sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
      console.log(`  ${name.padEnd(24)} ${at(0.5)} / ${at(0.9)}`);
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
