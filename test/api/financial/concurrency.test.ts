import { expect } from 'chai';
import { ledgerVerifyCommand } from '../../../src/cli/commands/ledger.command';
import { settlementAccountFor } from '../../../src/domain/modules/financial/account.entity';
import type { FincoreApp } from '../../../src/config/composition-root';
import type { StoredUser } from '../../helpers/users';
import { Bank, createBankApp, type AccountBody } from './bank';
import { runCommand } from '../../helpers/cli';

const ACCOUNTS = 10;
const TRANSFERS = 200;
const INITIAL = 10_000;

describe('money movement under concurrency (real database)', function () {
  this.timeout(120_000);
  let app: FincoreApp;
  let bank: Bank;

  before(async () => {
    app = await createBankApp();
    bank = await new Bank(app).init();
  });
  after(async () => {
    await app.close();
  });

  it(`${TRANSFERS} concurrent transfers among ${ACCOUNTS} accounts, in both directions, keep every invariant`, async () => {
    const owners: StoredUser[] = [];
    const accounts: AccountBody[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      owners.push(await bank.customer());
      accounts.push(await bank.fundedAccount(owners[i], INITIAL));
    }
    // Pairs in opposite directions run side by side (k -> k+1 and k+1 -> k), the classic deadlock shape.
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const transfers = Array.from({ length: TRANSFERS }, (_, i) => {
      const k = Math.floor(i / 2) % ACCOUNTS;
      const [from, to] = i % 2 === 0 ? [k, (k + 1) % ACCOUNTS] : [(k + 1) % ACCOUNTS, k];
      return { from, to, amount: 1 + Math.floor(random() * 2_000) };
    });

    const responses = await Promise.all(
      transfers.map(({ from, to, amount }) =>
        bank.transfer(owners[from].authorization, { fromAccountId: accounts[from].id, toAccountId: accounts[to].id, amount }),
      ),
    );

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 422), `unexpected statuses: ${statuses.join(',')}`).to.deep.equal([]);
    for (const r of responses.filter((r) => r.status === 422)) expect(r.body.code).to.equal('INSUFFICIENT_FUNDS');
    const succeeded = responses.filter((r) => r.status === 201).length;
    expect(succeeded).to.be.above(TRANSFERS / 2);

    const balances = await Promise.all(accounts.map((a) => bank.balance(a.id)));
    expect(balances.reduce((sum, b) => sum + b, 0), 'no money created or lost').to.equal(ACCOUNTS * INITIAL);
    expect(balances.every((b) => b >= 0)).to.equal(true);
    // Each balance is what its successful transfers say it should be.
    const expected = accounts.map(() => INITIAL);
    transfers.forEach(({ from, to, amount }, i) => {
      if (responses[i].status !== 201) return;
      expected[from] -= amount;
      expected[to] += amount;
    });
    expect(balances).to.deep.equal(expected);
    // Each statement's newest line carries the account's balance.
    for (let i = 0; i < ACCOUNTS; i++) {
      const statement = await bank.http().get(`/v1/accounts/${accounts[i].id}/transactions?limit=1`).set('Authorization', owners[i].authorization);
      expect(statement.body.items[0].balanceAfter).to.equal(balances[i]);
    }

    const report = await bank.integrity();
    expect(report).to.include({ balanced: true });
    const verify = await runCommand(app, ledgerVerifyCommand);
    expect(verify.code, verify.out.join('\n')).to.equal(0);
    expect(JSON.parse(verify.out[0]).balanced).to.equal(true);
  });

  it('20 concurrent withdrawals of 10 from a balance of 100: exactly 10 succeed, the balance ends at 0', async () => {
    const owner = await bank.customer();
    const account = await bank.fundedAccount(owner, 100);
    const responses = await Promise.all(Array.from({ length: 20 }, () => bank.withdraw(owner.authorization, account.id, { amount: 10 })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).to.deep.equal([...Array(10).fill(201), ...Array(10).fill(422)]);
    expect(await bank.balance(account.id)).to.equal(0);
    expect((await bank.integrity()).balanced).to.equal(true);
  });

  it('withdrawals left held (outcome unknown) and transfers racing on one account never spend held money', async () => {
    const owner = await bank.customer();
    const account = await bank.fundedAccount(owner, 100);
    const to = await bank.openAccount(await bank.customer());
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? bank.withdraw(owner.authorization, account.id, { amount: 10, destination: 'tok_timeout' })
          : bank.transfer(owner.authorization, { fromAccountId: account.id, toAccountId: to.id, amount: 10 }),
      ),
    );
    const held = responses.filter((r) => r.status === 504).length;
    const moved = responses.filter((r) => r.status === 201).length;
    expect(responses.filter((r) => ![201, 422, 504].includes(r.status)).map((r) => r.text)).to.deep.equal([]);
    expect(held + moved, 'exactly what the balance covers').to.equal(10);
    expect(await bank.balances(account.id)).to.deep.equal({ balance: 100 - 10 * moved, pendingBalance: 10 * held, availableBalance: 0 });
    const pending = await app.db('holds').where({ from_account_id: account.id, status: 'pending', kind: 'withdrawal' }).count<{ n: string }[]>({ n: '*' });
    expect(Number(pending[0].n)).to.equal(held);
    expect((await bank.integrity()).balanced).to.equal(true);
  });

  it('concurrent deposits and withdrawals through the settlement shards keep them equal to minus the customers’ money', async () => {
    const owners = await Promise.all(Array.from({ length: 5 }, () => bank.customer()));
    const accounts = await Promise.all(owners.map((o) => bank.fundedAccount(o, 1_000)));
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const k = i % 5;
        return i % 3 === 0 ? bank.withdraw(owners[k].authorization, accounts[k].id, { amount: 150 }) : bank.deposit(owners[k].authorization, accounts[k].id, { amount: 40 });
      }),
    );
    expect(responses.filter((r) => r.status !== 201 && r.status !== 422)).to.deep.equal([]);
    const customersTotal = Number((await app.db('accounts').where({ kind: 'customer' }).sum<{ s: string }[]>({ s: 'balance' }))[0].s);
    const settlement = Number((await app.db('accounts').where({ kind: 'system' }).sum<{ s: string }[]>({ s: 'balance' }))[0].s);
    expect(customersTotal + settlement, 'money only moves between accounts').to.equal(0);
    expect((await bank.integrity()).balanced).to.equal(true);
  });

  it('160 concurrent deposits over 32 accounts are each credited once, spread over the settlement shards, and the books balance', async () => {
    const owners = await Promise.all(Array.from({ length: 32 }, () => bank.customer()));
    const accounts = await Promise.all(owners.map((o) => bank.openAccount(o)));
    const before = new Map<string, number>();
    for (const row of await app.db('accounts').where({ kind: 'system' }).select('id', 'balance')) before.set(row.id, Number(row.balance));
    const responses = await Promise.all(
      Array.from({ length: 160 }, (_, i) => bank.deposit(owners[i % 32].authorization, accounts[i % 32].id, { amount: 1 + (i % 7) })),
    );
    expect(responses.filter((r) => r.status !== 201).map((r) => r.text)).to.deep.equal([]);
    const expected = new Map<string, number>();
    const perShard = new Map<string, number>();
    responses.forEach((_, i) => {
      const id = accounts[i % 32].id;
      expected.set(id, (expected.get(id) ?? 0) + 1 + (i % 7));
      const shard = settlementAccountFor(id, 'BRL');
      perShard.set(shard, (perShard.get(shard) ?? 0) + 1 + (i % 7));
    });
    for (const [id, amount] of expected) expect(await bank.balance(id), id).to.equal(amount);
    expect(perShard.size, '32 accounts meet several shards').to.be.above(4);
    const shards = await app.db('accounts').where({ kind: 'system' }).whereIn('id', [...perShard.keys()]).select('id', 'balance');
    expect(shards).to.have.length(perShard.size);
    for (const row of shards) expect(Number(row.balance) - (before.get(row.id) ?? 0), row.id).to.equal(-(perShard.get(row.id) as number));
    const verify = await runCommand(app, ledgerVerifyCommand);
    expect(verify.code, verify.out.join('\n')).to.equal(0);
    expect(JSON.parse(verify.out[0]).balanced).to.equal(true);
  });
});
