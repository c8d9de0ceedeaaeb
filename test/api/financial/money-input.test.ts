import { expect } from 'chai';
import { expectProblem, type AccountBody } from './bank';
import { useBank } from './use-bank';

const UNKNOWN_ID = '99999999-9999-4999-8999-999999999999';

/** What a money POST refuses before it moves anything: amounts out of shape, a missing Idempotency-Key. */
describe('money movement API input', () => {
  const world = useBank({ env: { SUPPORTED_CURRENCIES: 'BRL,USD' } });

  describe('amounts are JSON integers of minor units, 1 to 10^12', () => {
    const invalid: [string, unknown][] = [
      ['a float', 10.5],
      ['a tiny fraction', 1.0000001],
      ['a numeric string', '100'],
      ['zero', 0],
      ['a negative', -100],
      ['more than 10^12', 1_000_000_000_001],
      ['an unsafe integer', 2 ** 60],
      ['null', null],
      ['a boolean', true],
      ['an object', { value: 100 }],
    ];
    let account: AccountBody;
    let target: AccountBody;
    before(async () => {
      account = await world.bank.fundedAccount(world.alice, 1_000);
      target = await world.bank.openAccount(world.bob);
    });

    for (const [name, amount] of invalid) {
      it(`refuses ${name} on deposits, withdrawals and transfers (400), moving nothing`, async () => {
        const count = await world.bank.transactionCount();
        for (const res of [
          await world.bank.deposit(world.alice.authorization, account.id, { amount }),
          await world.bank.withdraw(world.alice.authorization, account.id, { amount }),
          await world.bank.transfer(world.alice.authorization, { fromAccountId: account.id, toAccountId: target.id, amount }),
        ]) {
          const body = expectProblem(res, 400, 'VALIDATION_FAILED');
          expect((body.errors as { path: string }[]).map((e) => e.path)).to.deep.equal(['body.amount']);
        }
        expect(await world.bank.transactionCount()).to.equal(count);
      });
    }

    it('requires the amount', async () => {
      expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: undefined }), 400, 'VALIDATION_FAILED');
    });

    it('accepts exactly 10^12 and 1', async () => {
      const big = await world.bank.openAccount(world.alice);
      expect((await world.bank.deposit(world.alice.authorization, big.id, { amount: 1_000_000_000_000 })).status).to.equal(201);
      expect((await world.bank.deposit(world.alice.authorization, big.id, { amount: 1 })).status).to.equal(201);
      expect(await world.bank.balance(big.id)).to.equal(1_000_000_000_001);
    });
  });

  describe('Idempotency-Key is required on every money POST', () => {
    it('400 without it, and for a key that is empty, too long or not visible ASCII', async () => {
      const account = await world.bank.fundedAccount(world.alice, 100);
      const other = await world.bank.openAccount(world.bob);
      for (const res of [
        await world.bank.deposit(world.alice.authorization, account.id, { amount: 1 }, null),
        await world.bank.withdraw(world.alice.authorization, account.id, { amount: 1 }, null),
        await world.bank.transfer(world.alice.authorization, { fromAccountId: account.id, toAccountId: other.id, amount: 1 }, null),
        await world.bank.reverse(world.bank.admin.authorization, UNKNOWN_ID, null),
      ]) {
        expectProblem(res, 400, 'IDEMPOTENCY_KEY_REQUIRED');
      }
      for (const key of ['', 'x'.repeat(256), 'has space', 'ação']) {
        const res = await world.bank.http().post(`/v1/accounts/${account.id}/deposits`).set('Authorization', world.alice.authorization).set('Idempotency-Key', Buffer.from(key, 'utf8').toString('latin1')).send({ amount: 1, currency: 'BRL', source: 'tok_visa' });
        expect(res.status, `key "${key}"`).to.equal(400);
      }
      expect((await world.bank.deposit(world.alice.authorization, account.id, { amount: 1 }, 'k'.repeat(255))).status).to.equal(201);
      expect(await world.bank.balance(account.id)).to.equal(101);
    });
  });
});
