import { DomainError, ValidationError } from '../../domain/shared/domain-error';
import { InMemoryCache } from '../../infra/cache/in-memory.cache';
import { KnexDbContext } from '../../infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../infra/database/knex/knex-unit-of-work';
import { KnexUserRepository } from '../../infra/database/knex/modules/user/knex-user.repository';
import { SystemClock } from '../../infra/platform/system.clock';
import { Argon2PasswordHasher } from '../../infra/security/argon2-password.hasher';
import { PasswordCredentialVerifier } from '../../infra/security/password-credential.verifier';
import { UserService } from '../../infra/services/user/user.service';
import { type CliCommand, option } from '../cli-context';

const USAGE = 'usage: users:create-admin --cpf CPF --name NAME --email EMAIL   (password: first line of standard input)';

export const usersCreateAdminCommand: CliCommand = {
  name: 'users:create-admin',
  summary: 'create an admin user; the password is read from the first line of standard input',
  async run({ db, audit, args, readStdin, out, err }) {
    const [cpf, name, email] = ['cpf', 'name', 'email'].map((key) => option(args, key));
    if ([cpf, name, email].some((value) => value === undefined || value === 'true')) {
      err(USAGE);
      return 1;
    }
    // Only the first line: a trailing newline (echo, a pipe from a file) is not part of the password.
    const password = (await readStdin()).split(/\r?\n/, 1)[0] ?? '';
    if (password === '') {
      err('the password must be given on the first line of standard input');
      return 1;
    }
    const context = new KnexDbContext(db);
    // Nothing is cached by registration; the process-local cache only satisfies the constructor.
    const hasher = new Argon2PasswordHasher();
    const users = new UserService(
      new KnexUserRepository(context),
      hasher,
      new KnexUnitOfWork(context),
      new InMemoryCache(),
      new SystemClock(),
      60,
      audit,
      new PasswordCredentialVerifier(hasher),
      [],
    );
    try {
      // The operator running this command vouches for the admin's CPF and e-mail.
      const admin = await users.register({ cpf: cpf as string, name: name as string, email: email as string, password, role: 'admin', identityVerified: true });
      audit.record({ type: 'user.registered', target: `user:${admin.id}`, detail: { role: admin.role } });
      out(JSON.stringify({ id: admin.id, cpf: admin.cpf.value, role: admin.role }));
      return 0;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      err(error instanceof ValidationError ? `${error.field}: ${error.message}` : error.message);
      return 1;
    }
  },
};
