import type { interfaces } from 'inversify';
import { DomainError } from '../../domain/shared/domain-error';
import { ServiceClientAdministration } from '../../infra/services/auth/service-client.administration';
import { type CliCommand, type CliContext, option } from '../cli-context';

/** From the application's container: its unit of work, audit log and clock. */
const administration = (container: interfaces.Container): ServiceClientAdministration => container.get(ServiceClientAdministration);

/** Runs an action on the client named by --client-id; a domain refusal (unknown, disabled) is exit 1 with its message. */
async function onClient(name: string, { container, args, err }: CliContext, action: (admin: ServiceClientAdministration, clientId: string) => Promise<void>): Promise<number> {
  const clientId = option(args, 'client-id');
  if (clientId === undefined || clientId === 'true') {
    err(`usage: ${name} --client-id CLIENT_ID`);
    return 1;
  }
  try {
    await action(administration(container), clientId);
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    err(`${clientId}: ${error.message}`);
    return 1;
  }
}

export const clientsListCommand: CliCommand = {
  name: 'clients:list',
  summary: 'list service clients as JSON lines {clientId, name, scopes, isActive, createdAt}; never secrets',
  async run({ container, out }) {
    for (const client of await administration(container).list()) {
      out(JSON.stringify({ clientId: client.clientId, name: client.name, scopes: client.scopes, isActive: client.isActive, createdAt: client.createdAt.toISOString() }));
    }
    return 0;
  },
};

export const clientsDisableCommand: CliCommand = {
  name: 'clients:disable',
  summary: 'disable a service client (--client-id): no new tokens, and its tokens stop working within seconds',
  options: [{ name: 'client-id', value: 'CLIENT_ID', description: 'the clientId printed by clients:create (clients:list shows them)' }],
  run(context) {
    return onClient('clients:disable', context, async (admin, clientId) => {
      await admin.disable(clientId);
      context.err(`${clientId} disabled; its access tokens stop working within a few seconds.`);
    });
  },
};

export const clientsRotateSecretCommand: CliCommand = {
  name: 'clients:rotate-secret',
  summary: 'replace a service client secret (--client-id); prints {clientId, clientSecret} once, the old secret stops working',
  options: [{ name: 'client-id', value: 'CLIENT_ID', description: 'the clientId printed by clients:create (clients:list shows them)' }],
  run(context) {
    return onClient('clients:rotate-secret', context, async (admin, clientId) => {
      const clientSecret = await admin.rotateSecret(clientId);
      context.out(JSON.stringify({ clientId, clientSecret }));
      context.err('Keep the secret now: it is stored only as a digest and cannot be shown again. Tokens issued before stop working.');
    });
  },
};
