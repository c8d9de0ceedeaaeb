import { settlementAccountFor } from '../../../src/domain/modules/financial/account.entity';
import { expect } from 'chai';
import type { FincoreApp } from '../../../src/config/composition-root';
import { usingPostgres } from '../../helpers/database';
import { GatewayStandIn, succeeded } from '../../helpers/gateway-stand-in';
import type { StoredUser } from '../../helpers/users';
import { aKey, Bank, createBankApp, expectProblem, type AccountBody } from './bank';
import { useBank } from './use-bank';

const UNKNOWN_ID = '99999999-9999-4999-8999-999999999999';

interface ClosedReport {
  balanced: boolean;
  closedAccountsWithBalance: { count: number; items: { accountId: string; ownerId: number; balance: number; currency: string }[] };
}

/** Money must always have a way out: a closed account that still holds some is listed, and an admin sweeps it to its owner. */
describe('money left in a closed account', () => {
  const world = useBank({ env: { SUPPORTED_CURRENCIES: 'BRL,USD' }, auditTrail: true });

  /** An account of `owner` that closed holding `amount`, as a deposit racing the close leaves it. */
  async function closedHolding(owner: StoredUser, amount: number): Promise<AccountBody> {
    const account = await world.bank.fundedAccount(owner, amount);
    await world.app.db('accounts').where({ id: account.id }).update({ status: 'closed' });
    return { ...account, status: 'closed' };
  }

  it('is listed by the integrity report apart (balanced stays true), and swept to another account of the owner: 201, once', async () => {
    const closed = await closedHolding(world.alice, 5_000);
    const target = await world.bank.fundedAccount(world.alice, 10);
    const listed = (await world.bank.integrity()) as unknown as ClosedReport;
    expect(listed.balanced).to.equal(true);
    expect(listed.closedAccountsWithBalance.items).to.deep.include({ accountId: closed.id, ownerId: world.alice.id, balance: 5_000, currency: 'BRL' });

    const before = world.audit.length;
    const key = aKey();
    const res = await world.bank.sweep(world.bank.admin.authorization, closed.id, { toAccountId: target.id }, key);
    expect(res.status, res.text).to.equal(201);
    expect(res.headers.location).to.equal(`/v1/transactions/${res.body.id}`);
    expect(res.body).to.deep.include({ type: 'sweep', amount: 5_000, currency: 'BRL', reversesTransactionId: null, refundsTransactionId: null });
    expect(res.body.entries).to.deep.equal([
      { accountId: closed.id, amount: -5_000 },
      { accountId: target.id, amount: 5_000 },
    ]);
    expect([await world.bank.balance(closed.id), await world.bank.balance(target.id)]).to.deep.equal([0, 5_010]);
    expect(await world.bank.statementOf(closed.id)).to.deep.equal([
      ['sweep', -5_000, 0],
      ['deposit', 5_000, 5_000],
    ]);

    const replay = await world.bank.sweep(world.bank.admin.authorization, closed.id, { toAccountId: target.id }, key);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expectProblem(await world.bank.sweep(world.bank.admin.authorization, closed.id, { toAccountId: target.id }), 409, 'NOTHING_TO_SWEEP');
    expect(await world.bank.balance(target.id)).to.equal(5_010);

    const after = (await world.bank.integrity()) as unknown as ClosedReport;
    expect(after.balanced).to.equal(true);
    expect(after.closedAccountsWithBalance.items.map((i) => i.accountId)).to.not.include(closed.id);
    const events = world.audit.slice(before).filter((e) => e.type === 'ledger.closed-account.moved');
    expect(events).to.have.length(1);
    expect(events[0]).to.include({ actor: `user:${world.bank.admin.id}`, target: `transaction:${res.body.id}`, fromAccountId: closed.id, toAccountId: target.id, amount: 5_000 });
  });

  it('ledger:admin may sweep, and into a frozen account too (it accepts credits); customers and other scopes get 403', async () => {
    const closed = await closedHolding(world.alice, 300);
    const frozen = await world.bank.openAccount(world.alice);
    await world.app.db('accounts').where({ id: frozen.id }).update({ status: 'frozen' });
    expectProblem(await world.bank.sweep(world.alice.authorization, closed.id, { toAccountId: frozen.id }), 403, 'FORBIDDEN');
    expectProblem(await world.bank.sweep(world.bank.service('payments:write', 'accounts:write'), closed.id, { toAccountId: frozen.id }), 403, 'FORBIDDEN');
    expect((await world.bank.sweep(world.bank.service('ledger:admin'), closed.id, { toAccountId: frozen.id })).status).to.equal(201);
    expect(await world.bank.balance(frozen.id)).to.equal(300);
  });

  it('only from a closed account, only to another account of the same owner, currency and status that takes credits', async () => {
    const closed = await closedHolding(world.alice, 40);
    const open = await world.bank.fundedAccount(world.alice, 5);
    const bobs = await world.bank.openAccount(world.bob);
    const dollars = await world.bank.openAccount(world.alice, 'USD');
    const otherClosed = await world.bank.openAccount(world.alice);
    await world.app.db('accounts').where({ id: otherClosed.id }).update({ status: 'closed' });
    const sweep = (from: string, toAccountId: string) => world.bank.sweep(world.bank.admin.authorization, from, { toAccountId });
    // The settlement shard the funding deposit created.
    const SETTLEMENT = settlementAccountFor(open.id, 'BRL');

    expectProblem(await sweep(open.id, closed.id), 409, 'ACCOUNT_NOT_CLOSED');
    expectProblem(await sweep(closed.id, bobs.id), 422, 'ACCOUNT_OWNER_MISMATCH');
    expectProblem(await sweep(closed.id, dollars.id), 422, 'CURRENCY_MISMATCH');
    expectProblem(await sweep(closed.id, closed.id), 422, 'SAME_ACCOUNT');
    expectProblem(await sweep(closed.id, otherClosed.id), 409, 'ACCOUNT_CLOSED');
    expectProblem(await sweep(closed.id, SETTLEMENT), 409, 'SYSTEM_ACCOUNT');
    expectProblem(await sweep(SETTLEMENT, open.id), 409, 'SYSTEM_ACCOUNT');
    expectProblem(await sweep(closed.id, UNKNOWN_ID), 404, 'ACCOUNT_NOT_FOUND');
    expectProblem(await sweep(UNKNOWN_ID, open.id), 404, 'ACCOUNT_NOT_FOUND');
    expectProblem(await sweep(otherClosed.id, open.id), 409, 'NOTHING_TO_SWEEP');
    expectProblem(await world.bank.sweep(world.bank.admin.authorization, closed.id, {}), 400, 'VALIDATION_FAILED');
    expectProblem(await world.bank.sweep(world.bank.admin.authorization, closed.id, { toAccountId: open.id, amount: 1 }), 400, 'VALIDATION_FAILED');
    expectProblem(await world.bank.sweep(world.bank.admin.authorization, closed.id, { toAccountId: open.id }, null), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    expect([await world.bank.balance(closed.id), await world.bank.balance(open.id)]).to.deep.equal([40, 5]);
  });

  it('can also go back through the gateway: its deposit is refunded from the closed account', async () => {
    const account = await world.bank.openAccount(world.alice);
    const deposit = await world.bank.deposit(world.alice.authorization, account.id, { amount: 900 });
    await world.app.db('accounts').where({ id: account.id }).update({ status: 'closed' });
    const refund = await world.bank.refund(world.bank.admin.authorization, deposit.body.id);
    expect(refund.status, refund.text).to.equal(201);
    expect(await world.bank.balance(account.id)).to.equal(0);
  });

  it('a sweep is a ledger movement: reversing it would credit the closed account, which is refused (409 ACCOUNT_CLOSED)', async () => {
    const closed = await closedHolding(world.alice, 60);
    const target = await world.bank.openAccount(world.alice);
    const sweep = await world.bank.sweep(world.bank.admin.authorization, closed.id, { toAccountId: target.id });
    expectProblem(await world.bank.reverse(world.bank.admin.authorization, sweep.body.id), 409, 'ACCOUNT_CLOSED');
    expect([await world.bank.balance(closed.id), await world.bank.balance(target.id)]).to.deep.equal([0, 60]);
  });
});

describe('a deposit captured while its account closes', () => {
  const world = useBank({ gatewayTimeoutMs: 2000 });

  it('leaves the money in the closed account, where the report finds it and a sweep takes it out', async () => {
    const account = await world.bank.openAccount(world.alice);
    const spare = await world.bank.openAccount(world.alice);
    let closing: Promise<{ status: number }> | undefined;
    world.standIn.reply = (request) => {
      // The charge has reached the gateway: the owner closes the (still empty) account before it answers.
      closing = world.bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', world.alice.authorization).then((r) => r);
      return { status: 200, body: succeeded(request, 'ch_race'), hold: closing };
    };
    expect((await world.bank.deposit(world.alice.authorization, account.id, { amount: 1_234 })).status).to.equal(201);
    expect((await closing!).status).to.equal(200);
    expect((await world.bank.integrity()).closedAccountsWithBalance).to.deep.equal({ count: 1, items: [{ accountId: account.id, ownerId: world.alice.id, balance: 1_234, currency: 'BRL' }] });

    expect((await world.bank.sweep(world.bank.admin.authorization, account.id, { toAccountId: spare.id })).status).to.equal(201);
    expect([await world.bank.balance(account.id), await world.bank.balance(spare.id)]).to.deep.equal([0, 1_234]);
    expect((await world.bank.integrity()).closedAccountsWithBalance).to.deep.equal({ count: 0, items: [] });
  });
});

const RACES = 40;
const ROUNDS = 3;

describe('deposits racing closes (real database)', function () {
  this.timeout(300_000);
  let standIn: GatewayStandIn;
  let app: FincoreApp;
  let bank: Bank;
  let closes: Promise<{ status: number; text: string }>[];
  let owners: Map<string, StoredUser>;

  before(async () => {
    standIn = new GatewayStandIn();
    // Each charge that reaches the gateway sets its account's owner closing the account, and is
    // answered a few milliseconds later without waiting: the database decides which comes first,
    // the close (the deposit's credit then lands in a closed account) or the credit (the close is refused).
    standIn.reply = (request, index) => {
      const accountId = String(request.body.description).replace('race ', '');
      closes.push(bank.http().post(`/v1/accounts/${accountId}/close`).set('Authorization', owners.get(accountId)!.authorization).then((r) => r));
      // 0 to 100 ms: about a gateway's latency, and about as long as a close takes here.
      return { status: 200, body: succeeded(request, `ch_race_${index}`), delayMs: (index % 5) * 25 };
    };
    app = await createBankApp({ PAYMENT_GATEWAY_URL: await standIn.start(), PAYMENT_GATEWAY_TIMEOUT_MS: '5000' });
    bank = await new Bank(app).init();
  });
  after(async () => {
    await app.close();
    await standIn.stop();
  });

  (usingPostgres() ? it : it.skip)(`${ROUNDS}x${RACES} deposits racing closes: every closed account left holding money is swept to zero, and the books balance (PostgreSQL only: PGlite has one connection)`, async () => {
    let stuckTotal = 0;
    for (let round = 0; round < ROUNDS; round++) {
      closes = [];
      owners = new Map();
      const customers = await Promise.all(Array.from({ length: RACES }, () => bank.customer()));
      const accounts = await Promise.all(customers.map((o) => bank.openAccount(o)));
      const spares = await Promise.all(customers.map((o) => bank.openAccount(o)));
      accounts.forEach((a, i) => owners.set(a.id, customers[i]));
      const deposits = await Promise.all(accounts.map((a, i) => bank.deposit(customers[i].authorization, a.id, { amount: 100 + i, description: `race ${a.id}` })));
      for (const d of deposits) expect(d.status, d.text).to.equal(201);
      const closed = await Promise.all(closes);
      for (const c of closed) expect([200, 409], c.text).to.include(c.status);

      const report = (await bank.integrity()) as unknown as ClosedReport;
      expect(report.balanced).to.equal(true);
      const stuck = report.closedAccountsWithBalance.items;
      expect(stuck.length, 'every close that succeeded left its deposit behind').to.equal(closed.filter((c) => c.status === 200).length);
      stuckTotal += stuck.length;
      for (const item of stuck) {
        const i = accounts.findIndex((a) => a.id === item.accountId);
        expect(item.balance).to.equal(100 + i);
        const sweep = await bank.sweep(bank.admin.authorization, item.accountId, { toAccountId: spares[i].id });
        expect(sweep.status, sweep.text).to.equal(201);
        expect(await bank.balance(spares[i].id)).to.equal(100 + i);
      }
    }
    expect(stuckTotal, 'some races closed the account first').to.be.above(0);
    expect(await app.db('accounts').where({ kind: 'customer', status: 'closed' }).whereNot('balance', 0)).to.deep.equal([]);
    const final = (await bank.integrity()) as unknown as ClosedReport;
    expect(final).to.deep.include({ balanced: true, closedAccountsWithBalance: { count: 0, items: [] } });
    const [{ total }] = await app.db('accounts').sum<{ total: string }[]>({ total: 'balance' });
    expect(Number(total), 'money only moved between accounts').to.equal(0);
  });
});
