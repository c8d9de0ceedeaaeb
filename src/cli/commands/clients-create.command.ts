import { SCOPES } from '../../domain/modules/auth/principal';
import { DomainError, ValidationError } from '../../domain/shared/domain-error';
import { ServiceClientAdministration } from '../../infra/services/auth/service-client.administration';
import { type CliCommand, option } from '../cli-context';

const USAGE = 'usage: clients:create --name NAME --scopes "users:read accounts:read"';

export const clientsCreateCommand: CliCommand = {
  name: 'clients:create',
  summary: 'create a service client; prints {clientId, clientSecret, scopes} once',
  options: [
    { name: 'name', value: 'NAME', description: 'what the client is, for operators (clients:list shows it)' },
    {
      name: 'scopes',
      value: '"SCOPE ..."',
      description: `space-separated, among ${SCOPES.join(' ')}`,
    },
  ],
  async run({ container, args, out, err }) {
    const name = option(args, 'name');
    const scopes = option(args, 'scopes');
    if (name === undefined || name === 'true' || scopes === undefined || scopes === 'true') {
      err(USAGE);
      return 1;
    }
    try {
      const created = await container.get(ServiceClientAdministration).register({ name, scopes });
      out(JSON.stringify({ clientId: created.clientId, clientSecret: created.clientSecret, scopes: created.scopes }));
      err('Keep the secret now: it is stored only as a digest and cannot be shown again.');
      return 0;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      err(error instanceof ValidationError ? `${error.field}: ${error.message}` : error.message);
      return 1;
    }
  },
};
