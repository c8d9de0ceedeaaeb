import { expect } from 'chai';
import { encodeCursor } from '../../src/api/http/cursor';
import type { FincoreApp } from '../../src/config/composition-root';
import type { StoredUser } from '../helpers/users';
import { aKey, Bank, createBankApp, expectProblem, type AccountBody } from './financial/bank';

const ACCOUNT_ID = '99999999-9999-4999-8999-999999999999';

/**
 * Input that passes validation must fit the column it is compared with: a cursor or id the
 * database cannot even parse is the client's mistake (400), never a 500 carrying SQL into the logs.
 */
describe('validated input stays within what its column holds', () => {
  let app: FincoreApp;
  let bank: Bank;
  let alice: StoredUser;
  let account: AccountBody;

  before(async function () {
    // The first app of a run compiles the embedded database: slow on a busy machine.
    this.timeout(60_000);
    app = await createBankApp();
    bank = await new Bank(app).init();
    alice = await bank.customer();
    account = await bank.fundedAccount(alice, 100);
  });
  after(async () => {
    await app.close();
  });

  const get = (path: string, authorization = bank.admin.authorization) => bank.http().get(path).set('Authorization', authorization);

  describe('statement cursors (bigint entry ids)', () => {
    for (const cursor of ['9999999999999999999', '9223372036854775808']) {
      it(`refuses ${cursor}, beyond bigint (400 INVALID_CURSOR)`, async () => {
        expectProblem(await get(`/v1/accounts/${account.id}/transactions?cursor=${encodeCursor(cursor)}`), 400, 'INVALID_CURSOR');
      });
    }

    it('accepts the largest bigint', async () => {
      const res = await get(`/v1/accounts/${account.id}/transactions?cursor=${encodeCursor('9223372036854775807')}`);
      expect(res.status, res.text).to.equal(200);
      expect(res.body.items).to.have.length(1);
    });
  });

  describe('account list cursors (timestamp and UUID)', () => {
    for (const [what, c] of [
      ['dated year -271821', '-271821-04-20T00:00:00.000Z'],
      ['dated year 275760', '+275760-09-13T00:00:00.000Z'],
      ['dated year 0', '0000-01-01T00:00:00.000Z'],
    ]) {
      it(`refuses one ${what} (400 INVALID_CURSOR)`, async () => {
        expectProblem(await get(`/v1/accounts?cursor=${encodeCursor({ c, i: ACCOUNT_ID })}`), 400, 'INVALID_CURSOR');
      });
    }

    for (const i of [`{${ACCOUNT_ID}}`, `[${ACCOUNT_ID}]`, ACCOUNT_ID.replace(/-/g, ':'), ACCOUNT_ID.replace(/-/g, '')]) {
      it(`refuses a non-canonical UUID ${i} (400 INVALID_CURSOR)`, async () => {
        expectProblem(await get(`/v1/accounts?cursor=${encodeCursor({ c: '2026-01-01T00:00:00.000Z', i })}`), 400, 'INVALID_CURSOR');
      });
    }

    it('accepts a cursor it issued', async () => {
      const first = await get('/v1/accounts?limit=1');
      expect(first.status, first.text).to.equal(200);
      const next = await get(`/v1/accounts?limit=1&cursor=${first.body.nextCursor ?? encodeCursor({ c: '2000-01-01T00:00:00.000Z', i: ACCOUNT_ID })}`);
      expect(next.status, next.text).to.equal(200);
    });
  });

  describe('user list cursors (int4 user ids)', () => {
    it('refuses 2147483648, beyond integer (400 INVALID_CURSOR)', async () => {
      expectProblem(await get(`/v1/users?cursor=${encodeCursor(2147483648)}`), 400, 'INVALID_CURSOR');
    });

    it('accepts 2147483647', async () => {
      const res = await get(`/v1/users?cursor=${encodeCursor(2147483647)}`);
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.deep.equal({ items: [], nextCursor: null });
    });
  });

  describe('ids in paths are canonical UUIDs', () => {
    for (const id of [`{${ACCOUNT_ID}}`, `[${ACCOUNT_ID}]`, ACCOUNT_ID.replace(/-/g, ':'), ACCOUNT_ID.replace(/-/g, '')]) {
      it(`refuses ${id} on account and transaction routes (400)`, async () => {
        const path = encodeURIComponent(id);
        expectProblem(await get(`/v1/accounts/${path}`), 400, 'VALIDATION_FAILED');
        expectProblem(await get(`/v1/accounts/${path}/transactions`), 400, 'VALIDATION_FAILED');
        expectProblem(await get(`/v1/transactions/${path}`), 400, 'VALIDATION_FAILED');
        expectProblem(await bank.deposit(alice.authorization, path, { amount: 1 }), 400, 'VALIDATION_FAILED');
        expectProblem(await bank.transfer(alice.authorization, { fromAccountId: account.id, toAccountId: id, amount: 1 }), 400, 'VALIDATION_FAILED');
      });
    }

    it('accepts a canonical UUID in capitals, as the same account', async () => {
      const res = await get(`/v1/accounts/${account.id.toUpperCase()}`);
      expect(res.status, res.text).to.equal(200);
      expect(res.body.id).to.equal(account.id);
    });
  });

  describe('text that a PostgreSQL text column cannot hold', () => {
    it('refuses a NUL character in a description (400), moving nothing', async () => {
      const count = await bank.transactionCount();
      for (const res of [
        await bank.deposit(alice.authorization, account.id, { amount: 1, description: 'a\u0000b' }),
        await bank.withdraw(alice.authorization, account.id, { amount: 1, description: 'a\u0000b' }),
        await bank.transfer(alice.authorization, { fromAccountId: account.id, toAccountId: account.id, amount: 1, description: '\u0000' }),
      ]) {
        const body = expectProblem(res, 400, 'VALIDATION_FAILED');
        expect((body.errors as { path: string }[]).map((e) => e.path)).to.deep.equal(['body.description']);
      }
      expect(await bank.transactionCount()).to.equal(count);
      expect(await bank.balance(account.id)).to.equal(100);
    });

    it('refuses a NUL character in a gateway token (400)', async () => {
      expectProblem(await bank.deposit(alice.authorization, account.id, { amount: 1, source: 'tok\u0000' }), 400, 'VALIDATION_FAILED');
    });

    it('a key with every visible ASCII character is fine', async () => {
      const res = await bank.deposit(alice.authorization, account.id, { amount: 1 }, `${aKey()}!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~`);
      expect(res.status, res.text).to.equal(201);
    });
  });
});
