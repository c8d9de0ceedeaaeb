import { settlementAccountFor } from '../../../src/domain/modules/financial/account.entity';
import { expect } from 'chai';
import { aCpf } from '../../helpers/cpf';
import { freshBearerFor } from '../../helpers/tokens';
import type { StoredUser } from '../../helpers/users';
import { aKey, expectProblem, type AccountBody } from './bank';
import { useBank } from './use-bank';

const UNKNOWN_ID = '99999999-9999-4999-8999-999999999999';

describe('accounts API', () => {
  const world = useBank({ env: { SUPPORTED_CURRENCIES: 'BRL,USD' } });

  describe('POST /v1/accounts', () => {
    it('a customer opens an account for themselves: 201, Location, the account field by field', async () => {
      const res = await world.bank.http().post('/v1/accounts').set('Authorization', world.alice.authorization).send({ currency: 'BRL' });
      expect(res.status, res.text).to.equal(201);
      expect(Object.keys(res.body).sort()).to.deep.equal(['availableBalance', 'balance', 'createdAt', 'currency', 'id', 'ownerId', 'pendingBalance', 'status']);
      expect(res.body).to.include({ ownerId: world.alice.id, currency: 'BRL', status: 'active', balance: 0, pendingBalance: 0, availableBalance: 0 });
      expect(res.body.id).to.match(/^[0-9a-f-]{36}$/);
      expect(res.headers.location).to.equal(`/v1/accounts/${res.body.id}`);
      const [row] = await world.app.db('accounts').where({ id: res.body.id });
      expect(row).to.include({ owner_id: world.alice.id, kind: 'customer', currency: 'BRL', status: 'active' });
    });

    it('a customer may name themselves as owner, formatted or not', async () => {
      const formatted = `${world.alice.cpf.slice(0, 3)}.${world.alice.cpf.slice(3, 6)}.${world.alice.cpf.slice(6, 9)}-${world.alice.cpf.slice(9)}`;
      const res = await world.bank.http().post('/v1/accounts').set('Authorization', world.alice.authorization).send({ currency: 'USD', ownerCpf: formatted });
      expect(res.status, res.text).to.equal(201);
      expect(res.body).to.include({ ownerId: world.alice.id, currency: 'USD' });
    });

    it('a customer cannot open an account for someone else (403), whether that CPF exists or not', async () => {
      const before = await world.app.db('accounts').count<{ n: string }[]>({ n: '*' });
      expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.alice.authorization).send({ currency: 'BRL', ownerCpf: world.bob.cpf }), 403, 'FORBIDDEN');
      expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.alice.authorization).send({ currency: 'BRL', ownerCpf: aCpf() }), 403, 'FORBIDDEN');
      expect(await world.app.db('accounts').count<{ n: string }[]>({ n: '*' })).to.deep.equal(before);
    });

    it('an admin and a service with accounts:write open accounts for anyone', async () => {
      const byAdmin = await world.bank.http().post('/v1/accounts').set('Authorization', world.bank.admin.authorization).send({ currency: 'BRL', ownerCpf: world.bob.cpf });
      expect(byAdmin.status, byAdmin.text).to.equal(201);
      expect(byAdmin.body.ownerId).to.equal(world.bob.id);
      const byService = await world.bank.http().post('/v1/accounts').set('Authorization', world.bank.service('accounts:write')).send({ currency: 'BRL', ownerCpf: world.bob.cpf });
      expect(byService.status, byService.text).to.equal(201);
      expect(byService.body.ownerId).to.equal(world.bob.id);
    });

    it('a service must name the owner (400) and hold accounts:write (403)', async () => {
      const res = expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.bank.service('accounts:write')).send({ currency: 'BRL' }), 400, 'VALIDATION_FAILED');
      expect(res.errors).to.deep.equal([{ path: 'ownerCpf', message: 'is required when a service client calls' }]);
      expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.bank.service('accounts:read')).send({ currency: 'BRL', ownerCpf: world.bob.cpf }), 403, 'FORBIDDEN');
    });

    it('an unknown owner is 404, an inactive one 409, an invalid CPF 400', async () => {
      expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.bank.admin.authorization).send({ currency: 'BRL', ownerCpf: aCpf() }), 404, 'USER_NOT_FOUND');
      const gone = await world.bank.customer();
      await world.app.db('users').where({ id: gone.id }).update({ is_active: false });
      expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.bank.admin.authorization).send({ currency: 'BRL', ownerCpf: gone.cpf }), 409, 'ACCOUNT_OWNER_INACTIVE');
      expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.bank.admin.authorization).send({ currency: 'BRL', ownerCpf: '123.456.789-10' }), 400, 'INVALID_CPF');
    });

    it('the currency must be an ISO code (400) this service supports (422)', async () => {
      for (const currency of ['brl', 'BR', 'REAL', 986, null]) {
        expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.alice.authorization).send({ currency }), 400, 'VALIDATION_FAILED');
      }
      expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.alice.authorization).send({}), 400, 'VALIDATION_FAILED');
      expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.alice.authorization).send({ currency: 'JPY' }), 422, 'UNSUPPORTED_CURRENCY');
    });

    it('refuses unknown fields (no mass assignment) and anonymous callers', async () => {
      expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.alice.authorization).send({ currency: 'BRL', balance: 1000 }), 400, 'VALIDATION_FAILED');
      expectProblem(await world.bank.http().post('/v1/accounts').set('Authorization', world.alice.authorization).send({ currency: 'BRL', status: 'frozen' }), 400, 'VALIDATION_FAILED');
      const anonymous = expectProblem(await world.bank.http().post('/v1/accounts').send({ currency: 'BRL' }), 401, 'UNAUTHENTICATED');
      expect(anonymous).to.not.have.property('errors');
    });

    it('honours an Idempotency-Key when one is sent: a retried creation opens one account', async () => {
      const key = aKey();
      const send = () => world.bank.http().post('/v1/accounts').set('Authorization', world.alice.authorization).set('Idempotency-Key', key).send({ currency: 'BRL' });
      const first = await send();
      const second = await send();
      expect(first.status).to.equal(201);
      expect(second.status).to.equal(201);
      expect(second.text).to.equal(first.text);
      expect(second.headers['idempotent-replayed']).to.equal('true');
      expect(second.headers.location).to.equal(first.headers.location);
      expect(await world.app.db('accounts').where({ id: first.body.id }).count<{ n: string }[]>({ n: '*' })).to.satisfy((r: { n: string }[]) => Number(r[0].n) === 1);
    });
  });

  describe('GET /v1/accounts/{id}', () => {
    let account: AccountBody;
    before(async () => {
      account = await world.bank.fundedAccount(world.alice, 1_500);
    });

    it('the owner reads it with its balance', async () => {
      const res = await world.bank.http().get(`/v1/accounts/${account.id}`).set('Authorization', world.alice.authorization);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ ...account, balance: 1_500, availableBalance: 1_500 });
    });

    it('an admin and a service with accounts:read read it; a service without the scope gets 403', async () => {
      expect((await world.bank.http().get(`/v1/accounts/${account.id}`).set('Authorization', world.bank.admin.authorization)).body.balance).to.equal(1_500);
      expect((await world.bank.http().get(`/v1/accounts/${account.id}`).set('Authorization', world.bank.service('accounts:read'))).body.balance).to.equal(1_500);
      expectProblem(await world.bank.http().get(`/v1/accounts/${account.id}`).set('Authorization', world.bank.service('payments:write')), 403, 'FORBIDDEN');
    });

    it('someone else’s account answers exactly like one that does not exist (404)', async () => {
      const theirs = expectProblem(await world.bank.http().get(`/v1/accounts/${account.id}`).set('Authorization', world.bob.authorization), 404, 'ACCOUNT_NOT_FOUND');
      const missing = expectProblem(await world.bank.http().get(`/v1/accounts/${UNKNOWN_ID}`).set('Authorization', world.bob.authorization), 404, 'ACCOUNT_NOT_FOUND');
      expect(theirs.detail).to.equal(missing.detail);
    });

    it('a malformed id is 400, never looked up', async () => {
      const res = expectProblem(await world.bank.http().get('/v1/accounts/not-a-uuid').set('Authorization', world.alice.authorization), 400, 'VALIDATION_FAILED');
      expect((res.errors as { path: string }[]).map((e) => e.path)).to.deep.equal(['params.id']);
      expectProblem(await world.bank.http().get(`/v1/accounts/${UNKNOWN_ID}'--`).set('Authorization', world.alice.authorization), 400, 'VALIDATION_FAILED');
    });

    it('the settlement account is the admins’ only', async () => {
      const funded = await world.bank.fundedAccount(world.bob, 100);
      const settlement = settlementAccountFor(funded.id, 'BRL');
      expectProblem(await world.bank.http().get(`/v1/accounts/${settlement}`).set('Authorization', world.alice.authorization), 404, 'ACCOUNT_NOT_FOUND');
      const res = await world.bank.http().get(`/v1/accounts/${settlement}`).set('Authorization', world.bank.admin.authorization);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ ownerId: null, currency: 'BRL' });
      expect(res.body.balance).to.be.below(0);
    });
  });

  describe('GET /v1/accounts', () => {
    let carol: StoredUser;
    let carolAccounts: AccountBody[];
    before(async () => {
      carol = await world.bank.customer();
      carolAccounts = [];
      for (let i = 0; i < 3; i++) carolAccounts.push(await world.bank.openAccount(carol));
    });

    it('a customer lists their own accounts, paged with an opaque cursor', async () => {
      const first = await world.bank.http().get('/v1/accounts?limit=2').set('Authorization', carol.authorization);
      expect(first.status).to.equal(200);
      expect(first.body.items.map((a: AccountBody) => a.id)).to.deep.equal(carolAccounts.slice(0, 2).map((a) => a.id));
      expect(first.body.nextCursor).to.be.a('string');
      const second = await world.bank.http().get(`/v1/accounts?limit=2&cursor=${first.body.nextCursor}`).set('Authorization', carol.authorization);
      expect(second.body).to.deep.equal({ items: [carolAccounts[2]], nextCursor: null });
      const withOwnCpf = await world.bank.http().get(`/v1/accounts?ownerCpf=${carol.cpf}`).set('Authorization', carol.authorization);
      expect(withOwnCpf.body.items).to.have.length(3);
    });

    it('a customer cannot list someone else’s accounts (403)', async () => {
      expectProblem(await world.bank.http().get(`/v1/accounts?ownerCpf=${world.alice.cpf}`).set('Authorization', carol.authorization), 403, 'FORBIDDEN');
    });

    it('admins and accounts:read list anyone’s, or everyone’s (never system accounts)', async () => {
      const byAdmin = await world.bank.http().get(`/v1/accounts?ownerCpf=${carol.cpf}`).set('Authorization', world.bank.admin.authorization);
      expect(byAdmin.body.items.map((a: AccountBody) => a.id)).to.deep.equal(carolAccounts.map((a) => a.id));
      const byService = await world.bank.http().get(`/v1/accounts?ownerCpf=${carol.cpf}`).set('Authorization', world.bank.service('accounts:read'));
      expect(byService.body.items).to.have.length(3);
      const everyone = await world.bank.http().get('/v1/accounts?limit=100').set('Authorization', world.bank.admin.authorization);
      expect(everyone.body.items.length).to.be.above(5);
      expect(everyone.body.items.every((a: AccountBody) => a.ownerId !== null)).to.equal(true);
      const nobody = await world.bank.http().get(`/v1/accounts?ownerCpf=${aCpf()}`).set('Authorization', world.bank.admin.authorization);
      expect(nobody.body).to.deep.equal({ items: [], nextCursor: null });
    });

    it('a service needs accounts:read (403); bad paging is 400', async () => {
      expectProblem(await world.bank.http().get('/v1/accounts').set('Authorization', world.bank.service('accounts:write')), 403, 'FORBIDDEN');
      expectProblem(await world.bank.http().get('/v1/accounts?limit=0').set('Authorization', carol.authorization), 400, 'VALIDATION_FAILED');
      expectProblem(await world.bank.http().get('/v1/accounts?cursor=forged').set('Authorization', carol.authorization), 400, 'INVALID_CURSOR');
    });
  });

  describe('POST /v1/accounts/{id}/close', () => {
    it('closes only an empty account (409 otherwise), once (409 again), and a closed account takes no money', async () => {
      const account = await world.bank.fundedAccount(world.alice, 100);
      expectProblem(await world.bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', world.alice.authorization), 409, 'ACCOUNT_BALANCE_NOT_ZERO');
      expect((await world.bank.withdraw(world.alice.authorization, account.id, { amount: 100 })).status).to.equal(201);

      const closed = await world.bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', world.alice.authorization);
      expect(closed.status, closed.text).to.equal(200);
      expect(closed.body).to.include({ id: account.id, status: 'closed', balance: 0 });
      expectProblem(await world.bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', world.alice.authorization), 409, 'ACCOUNT_CLOSED');
      expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 5 }), 409, 'ACCOUNT_CLOSED');
      expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 5 }), 409, 'ACCOUNT_CLOSED');
    });

    it('honours an Idempotency-Key: a retried close replays the first answer', async () => {
      const account = await world.bank.openAccount(world.alice);
      const key = aKey();
      const send = () => world.bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', world.alice.authorization).set('Idempotency-Key', key).send();
      const first = await send();
      expect(first.status, first.text).to.equal(200);
      const second = await send();
      expect(second.status).to.equal(200);
      expect(second.headers['idempotent-replayed']).to.equal('true');
      expect(second.body).to.deep.equal(first.body);
    });

    it('someone else’s account is 404; admins and accounts:write may close; other scopes 403', async () => {
      const account = await world.bank.openAccount(world.alice);
      expectProblem(await world.bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', world.bob.authorization), 404, 'ACCOUNT_NOT_FOUND');
      expectProblem(await world.bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', world.bank.service('accounts:read')), 403, 'FORBIDDEN');
      expect((await world.bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', world.bank.service('accounts:write'))).status).to.equal(200);
      const another = await world.bank.openAccount(world.alice);
      expect((await world.bank.http().post(`/v1/accounts/${another.id}/close`).set('Authorization', world.bank.admin.authorization)).status).to.equal(200);
    });

    it('the settlement account cannot be closed (409)', async () => {
      const settlement = settlementAccountFor((await world.bank.fundedAccount(world.bob, 100)).id, 'BRL');
      expectProblem(await world.bank.http().post(`/v1/accounts/${settlement}/close`).set('Authorization', world.bank.admin.authorization), 409, 'SYSTEM_ACCOUNT');
    });
  });

  describe('GET /v1/accounts/{id}/transactions (statement)', () => {
    it('lists movements newest first; each running balance matches, the first line the account’s balance', async () => {
      const mine = await world.bank.fundedAccount(world.alice, 1_000);
      const theirs = await world.bank.openAccount(world.bob);
      expect((await world.bank.transfer(world.alice.authorization, { fromAccountId: mine.id, toAccountId: theirs.id, amount: 300, description: 'rent' })).status).to.equal(201);
      expect((await world.bank.transfer(world.bob.authorization, { fromAccountId: theirs.id, toAccountId: mine.id, amount: 20 })).status).to.equal(201);
      expect((await world.bank.withdraw(world.alice.authorization, mine.id, { amount: 100 })).status).to.equal(201);

      const res = await world.bank.http().get(`/v1/accounts/${mine.id}/transactions`).set('Authorization', world.alice.authorization);
      expect(res.status).to.equal(200);
      const lines = res.body.items as Record<string, unknown>[];
      expect(Object.keys(lines[0]).sort()).to.deep.equal(['amount', 'balanceAfter', 'counterpartyAccountId', 'createdAt', 'description', 'transactionId', 'type']);
      expect(lines.map((l) => [l.type, l.amount, l.balanceAfter])).to.deep.equal([
        ['withdrawal', -100, 620],
        ['transfer', 20, 720],
        ['transfer', -300, 700],
        ['deposit', 1_000, 1_000],
      ]);
      expect(lines[2]).to.include({ description: 'rent', counterpartyAccountId: theirs.id });
      expect(lines[0].balanceAfter).to.equal(await world.bank.balance(mine.id));
      for (let i = 0; i < lines.length - 1; i++) {
        expect(lines[i].balanceAfter, 'each line = the one below plus its amount').to.equal((lines[i + 1].balanceAfter as number) + (lines[i].amount as number));
      }

      const page = await world.bank.http().get(`/v1/accounts/${mine.id}/transactions?limit=3`).set('Authorization', world.alice.authorization);
      const rest = await world.bank.http().get(`/v1/accounts/${mine.id}/transactions?limit=3&cursor=${page.body.nextCursor}`).set('Authorization', world.alice.authorization);
      expect([...page.body.items, ...rest.body.items]).to.deep.equal(lines);
      expect(rest.body.nextCursor).to.equal(null);
    });

    it('is the owner’s (404 for others), admins’ and accounts:read’s', async () => {
      const account = await world.bank.fundedAccount(world.alice, 10);
      expectProblem(await world.bank.http().get(`/v1/accounts/${account.id}/transactions`).set('Authorization', world.bob.authorization), 404, 'ACCOUNT_NOT_FOUND');
      expect((await world.bank.http().get(`/v1/accounts/${account.id}/transactions`).set('Authorization', world.bank.service('accounts:read'))).body.items).to.have.length(1);
      expect((await world.bank.http().get(`/v1/accounts/${account.id}/transactions`).set('Authorization', world.bank.admin.authorization)).body.items).to.have.length(1);
      expectProblem(await world.bank.http().get(`/v1/accounts/${account.id}/transactions?cursor=abc`).set('Authorization', world.alice.authorization), 400, 'INVALID_CURSOR');
    });
  });

  describe('deactivating the owner freezes their accounts for debits', () => {
    it('freezes on deactivation (credits still arrive) and unfreezes on activation', async () => {
      const dave = await world.bank.customer();
      const account = await world.bank.fundedAccount(dave, 500);
      const other = await world.bank.fundedAccount(world.alice, 500);
      const deactivated = await world.bank.http().post(`/v1/users/${dave.cpf}/deactivate`).set('Authorization', world.bank.admin.authorization);
      expect(deactivated.status, deactivated.text).to.equal(200);

      const frozen = await world.bank.http().get(`/v1/accounts/${account.id}`).set('Authorization', world.bank.admin.authorization);
      expect(frozen.body.status).to.equal('frozen');
      expectProblem(await world.bank.withdraw(world.bank.admin.authorization, account.id, { amount: 1 }), 409, 'ACCOUNT_FROZEN');
      expectProblem(await world.bank.transfer(world.bank.admin.authorization, { fromAccountId: account.id, toAccountId: other.id, amount: 1 }), 409, 'ACCOUNT_FROZEN');
      expect((await world.bank.transfer(world.alice.authorization, { fromAccountId: other.id, toAccountId: account.id, amount: 5 })).status).to.equal(201);
      expect((await world.bank.deposit(world.bank.admin.authorization, account.id, { amount: 5 })).status).to.equal(201);
      expect(await world.bank.balance(account.id)).to.equal(510);

      expect((await world.bank.http().post(`/v1/users/${dave.cpf}/activate`).set('Authorization', world.bank.admin.authorization)).status).to.equal(200);
      expect((await world.bank.http().get(`/v1/accounts/${account.id}`).set('Authorization', world.bank.admin.authorization)).body.status).to.equal('active');
      // Deactivation ended Dave's sessions: his old token stays refused, a new one works.
      expect((await world.bank.withdraw(dave.authorization, account.id, { amount: 10 })).status).to.equal(401);
      const again = await freshBearerFor(world.bank.app, { kind: 'user', userId: dave.id, role: 'customer' });
      expect((await world.bank.withdraw(again, account.id, { amount: 10 })).status).to.equal(201);
    });

    it('a closed account stays closed through deactivation and activation', async () => {
      const erin = await world.bank.customer();
      const account = await world.bank.openAccount(erin);
      expect((await world.bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', erin.authorization)).status).to.equal(200);
      expect((await world.bank.http().post(`/v1/users/${erin.cpf}/deactivate`).set('Authorization', world.bank.admin.authorization)).status).to.equal(200);
      expect((await world.bank.http().post(`/v1/users/${erin.cpf}/activate`).set('Authorization', world.bank.admin.authorization)).status).to.equal(200);
      expect((await world.bank.http().get(`/v1/accounts/${account.id}`).set('Authorization', world.bank.admin.authorization)).body.status).to.equal('closed');
    });
  });
});
