import { DomainError, ValidationError } from '../../domain/shared/domain-error';
import { KnexDbContext } from '../../infra/database/knex/knex-db-context';
import { KnexServiceClientRepository } from '../../infra/database/knex/modules/auth/knex-service-client.repository';
import { registerServiceClient } from '../../infra/services/auth/service-client.registration';
import { type CliCommand, option } from '../cli-context';

const USAGE = 'usage: clients:create --name NAME --scopes "users:read accounts:read"';

export const clientsCreateCommand: CliCommand = {
  name: 'clients:create',
  summary: 'create a service client; prints {clientId, clientSecret, scopes} once',
  async run({ db, audit, args, out, err }) {
    const name = option(args, 'name');
    const scopes = option(args, 'scopes');
    if (name === undefined || name === 'true' || scopes === undefined || scopes === 'true') {
      err(USAGE);
      return 1;
    }
    try {
      const created = await registerServiceClient(new KnexServiceClientRepository(new KnexDbContext(db)), { name, scopes, now: new Date() });
      audit.record({ type: 'client.created', target: `client:${created.clientId}`, detail: { scopes: created.scopes.join(' ') } });
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
