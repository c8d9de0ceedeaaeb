import { expect } from 'chai';
import { ForbiddenError } from '../../../../src/domain/modules/auth/auth.errors';
import type { Principal } from '../../../../src/domain/modules/auth/principal';
import { webhookAccessPolicy } from '../../../../src/domain/modules/webhook/webhook-access.policy';

const cases: [string, Principal, boolean][] = [
  ['an admin', { kind: 'user', userId: 1, role: 'admin' }, true],
  ['a webhooks:admin service', { kind: 'service', clientId: 'ops', scopes: ['webhooks:admin'] }, true],
  ['a customer', { kind: 'user', userId: 2, role: 'customer' }, false],
  ['a service with every other scope', { kind: 'service', clientId: 'all', scopes: ['users:read', 'users:write', 'accounts:read', 'accounts:write', 'payments:write', 'ledger:admin'] }, false],
];

describe('WebhookAccessPolicy', () => {
  for (const [who, actor, allowed] of cases) {
    it(`${who} ${allowed ? 'may' : 'may not (403)'} administer webhooks`, () => {
      if (allowed) expect(() => webhookAccessPolicy.assertMayAdminister(actor)).not.to.throw();
      else expect(() => webhookAccessPolicy.assertMayAdminister(actor)).to.throw(ForbiddenError);
    });
  }
});
