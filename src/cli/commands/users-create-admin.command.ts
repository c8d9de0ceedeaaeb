import { CONSOLE_OPERATOR } from '../../domain/modules/auth/principal';
import type { IUserService } from '../../domain/modules/user/user.service';
import { USER_TYPES } from '../../domain/modules/user/user.types';
import { DomainError, ValidationError } from '../../domain/shared/domain-error';
import { type CliCommand, option } from '../cli-context';

const USAGE = 'usage: users:create-admin --cpf CPF --name NAME --email EMAIL   (password: first line of standard input)';

export const usersCreateAdminCommand: CliCommand = {
  name: 'users:create-admin',
  summary: 'create an admin user; the password is read from the first line of standard input',
  options: [
    { name: 'cpf', value: 'CPF', description: 'the admin\'s CPF, 11 digits or 000.000.000-00' },
    { name: 'name', value: 'NAME', description: 'full name' },
    { name: 'email', value: 'EMAIL', description: 'e-mail address (unique)' },
  ],
  stdin: 'the password, on the first line (12 to 128 characters)',
  async run({ container, audit, args, readStdin, out, err }) {
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
    // From the application's container: the same rules, hashing and user event handlers as an HTTP request.
    const users = container.get<IUserService>(USER_TYPES.IUserService);
    try {
      // The operator running this command acts as an admin, and so vouches for the admin's CPF and e-mail.
      const admin = await users.register(CONSOLE_OPERATOR, { cpf: cpf as string, name: name as string, email: email as string, password, role: 'admin' });
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
