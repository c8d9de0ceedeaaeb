import { settlementAccountFor } from '../../../src/domain/modules/financial/account.entity';
import { expect } from 'chai';
import { succeeded } from '../../helpers/gateway-stand-in';
import { aKey, expectProblem, type AccountBody } from './bank';
import { useBank } from './use-bank';

const UNKNOWN_ID = '99999999-9999-4999-8999-999999999999';

describe('POST /v1/transactions/{id}/refund (sandbox gateway)', () => {
  const world = useBank({ auditTrail: true });

  async function deposited(amount: number, source = 'tok_visa'): Promise<{ account: AccountBody; depositId: string }> {
    const account = await world.bank.openAccount(world.alice);
    const res = await world.bank.deposit(world.alice.authorization, account.id, { amount, source });
    expect(res.status, res.text).to.equal(201);
    return { account, depositId: res.body.id };
  }

  it('refunds a deposit in whole: 201, a refund transaction naming the deposit, the customer debited, once', async () => {
    const { account, depositId } = await deposited(700);
    const key = aKey();
    const res = await world.bank.refund(world.bank.admin.authorization, depositId, {}, key);
    expect(res.status, res.text).to.equal(201);
    expect(res.headers.location).to.equal(`/v1/transactions/${res.body.id}`);
    expect(res.body).to.deep.include({ type: 'refund', amount: 700, currency: 'BRL', refundsTransactionId: depositId, reversesTransactionId: null });
    expect(res.body.entries).to.deep.equal([
      { accountId: account.id, amount: -700 },
      // Back out through the settlement shard the deposit came in by.
      { accountId: settlementAccountFor(account.id, 'BRL'), amount: 700 },
    ]);
    expect(await world.bank.balance(account.id)).to.equal(0);
    const [row] = await world.app.db('ledger_transactions').where({ id: res.body.id });
    expect(row.gateway_reference).to.match(/^re_sandbox_/);
    expect(row.payout_state).to.equal('paid');
    expect(row.refunds_id).to.equal(depositId);

    const replay = await world.bank.refund(world.bank.admin.authorization, depositId, {}, key);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(replay.body).to.deep.equal(res.body);
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId), 409, 'ALREADY_REFUNDED');
    expect(await world.bank.statementOf(account.id)).to.deep.equal([
      ['refund', -700, 0],
      ['deposit', 700, 700],
    ]);
    expect((await world.bank.integrity()).balanced).to.equal(true);
  });

  it('after a refund the deposit cannot be reversed, and the refund itself cannot be reversed in the ledger', async () => {
    const { account, depositId } = await deposited(300);
    const refund = await world.bank.refund(world.bank.service('ledger:admin'), depositId);
    expect(refund.status, refund.text).to.equal(201);
    expectProblem(await world.bank.reverse(world.bank.admin.authorization, depositId), 409, 'REFUND_REQUIRED');
    expectProblem(await world.bank.reverse(world.bank.admin.authorization, refund.body.id), 409, 'PAYOUT_SETTLED');
    expect(await world.bank.balance(account.id)).to.equal(0);
  });

  it('refunds in parts, never beyond the deposit (409 ALREADY_REFUNDED)', async () => {
    const { account, depositId } = await deposited(100);
    expect((await world.bank.refund(world.bank.admin.authorization, depositId, { amount: 30 })).body).to.include({ type: 'refund', amount: 30 });
    const tooMuch = expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId, { amount: 71 }), 409, 'ALREADY_REFUNDED');
    expect(tooMuch.detail).to.match(/70/);
    expect((await world.bank.refund(world.bank.admin.authorization, depositId)).body, 'no amount: the rest').to.include({ amount: 70 });
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId, { amount: 1 }), 409, 'ALREADY_REFUNDED');
    expect(await world.bank.balance(account.id)).to.equal(0);
    expect((await world.bank.integrity()).balanced).to.equal(true);
  });

  it('debits first: money already spent cannot be refunded (422 INSUFFICIENT_FUNDS), and nothing is recorded', async () => {
    const { account, depositId } = await deposited(100);
    const other = await world.bank.openAccount(world.bob);
    expect((await world.bank.transfer(world.alice.authorization, { fromAccountId: account.id, toAccountId: other.id, amount: 60 })).status).to.equal(201);
    const count = await world.bank.transactionCount();
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId), 422, 'INSUFFICIENT_FUNDS');
    expect(await world.bank.transactionCount()).to.equal(count);
    expect((await world.bank.refund(world.bank.admin.authorization, depositId, { amount: 40 })).status).to.equal(201);
  });

  it('refunds from a frozen account too: the money goes back where it came from', async () => {
    const { account, depositId } = await deposited(90);
    await world.app.db('accounts').where({ id: account.id }).update({ status: 'frozen' });
    const res = await world.bank.refund(world.bank.admin.authorization, depositId);
    expect(res.status, res.text).to.equal(201);
    expect(await world.bank.balance(account.id)).to.equal(0);
  });

  for (const [source, status, code] of [
    ['tok_refund_decline', 402, 'PAYMENT_DECLINED'],
    ['tok_refund_error', 502, 'GATEWAY_FAILURE'],
  ] as const) {
    it(`a refund that certainly fails (charge from ${source}) is put back in the same request: ${status}, balance unchanged`, async () => {
      const { account, depositId } = await deposited(250, source);
      expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId), status, code);
      expect(await world.bank.balance(account.id)).to.equal(250);
      expect(await world.bank.statementOf(account.id)).to.deep.equal([
        ['reversal', 250, 250],
        ['refund', -250, 0],
        ['deposit', 250, 250],
      ]);
      const refunds = await world.app.db('ledger_transactions').where({ refunds_id: depositId });
      expect(refunds.map((r) => r.payout_state)).to.deep.equal(['returned']);
      expect((await world.bank.integrity()).balanced).to.equal(true);
    });
  }

  it('a refund whose outcome is unknown (charge from tok_refund_timeout) keeps the debit: 504, and a retry does not debit again', async () => {
    const { account, depositId } = await deposited(400, 'tok_refund_timeout');
    const key = aKey();
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId, {}, key), 504, 'GATEWAY_TIMEOUT');
    expect(await world.bank.balance(account.id)).to.equal(0);
    const retry = await world.bank.refund(world.bank.admin.authorization, depositId, {}, key);
    expectProblem(retry, 504, 'GATEWAY_TIMEOUT');
    expect(retry.headers['idempotent-replayed']).to.equal(undefined);
    expect(await world.bank.statementOf(account.id)).to.deep.equal([
      ['refund', -400, 0],
      ['deposit', 400, 400],
    ]);
    expectProblem(await world.bank.reverse(world.bank.admin.authorization, (await world.app.db('ledger_transactions').where({ refunds_id: depositId }))[0].id), 409, 'REFUND_PENDING');
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId), 409, 'ALREADY_REFUNDED');
    const report = await world.bank.integrity();
    expect(report.balanced).to.equal(true);
  });

  it('only deposits are refunded (422 NOT_REFUNDABLE); an unknown transaction is 404', async () => {
    const { account } = await deposited(100);
    const other = await world.bank.openAccount(world.bob);
    const transfer = await world.bank.transfer(world.alice.authorization, { fromAccountId: account.id, toAccountId: other.id, amount: 10 });
    const withdrawal = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 10 });
    expectProblem(await world.bank.refund(world.bank.admin.authorization, transfer.body.id), 422, 'NOT_REFUNDABLE');
    expectProblem(await world.bank.refund(world.bank.admin.authorization, withdrawal.body.id), 422, 'NOT_REFUNDABLE');
    expectProblem(await world.bank.refund(world.bank.admin.authorization, UNKNOWN_ID), 404, 'TRANSACTION_NOT_FOUND');
  });

  it('admins and ledger:admin only (403 for customers and other scopes), with an Idempotency-Key (400) and a valid amount (400)', async () => {
    const { account, depositId } = await deposited(100);
    expectProblem(await world.bank.refund(world.alice.authorization, depositId), 403, 'FORBIDDEN');
    expectProblem(await world.bank.refund(world.bank.service('payments:write', 'accounts:write'), depositId), 403, 'FORBIDDEN');
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId, {}, null), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    for (const body of [{ amount: 0 }, { amount: 1.5 }, { amount: '10' }, { amount: 10, currency: 'BRL' }]) {
      expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId, body), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await world.bank.refund(world.bank.admin.authorization, 'nope'), 400, 'VALIDATION_FAILED');
    expect(await world.bank.balance(account.id)).to.equal(100);
  });

  it('records one audit event per refund, naming the deposit and the amount', async () => {
    const { depositId } = await deposited(55);
    const before = world.audit.length;
    const res = await world.bank.refund(world.bank.admin.authorization, depositId, { amount: 20 });
    expect(res.status).to.equal(201);
    const recorded = world.audit.slice(before).filter((e) => e.type === 'ledger.refund');
    expect(recorded).to.have.length(1);
    expect(recorded[0]).to.include({ actor: `user:${world.bank.admin.id}`, target: `transaction:${res.body.id}`, originalTransactionId: depositId, amount: 20, currency: 'BRL' });
  });
});

describe('refunds through the HTTP payment gateway', () => {
  const world = useBank({ gatewayTimeoutMs: 300 });

  beforeEach(() => {
    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request, request.path === '/charges' ? 'ch_1' : `re_${request.idempotencyKey?.slice(0, 8)}`) });
  });

  async function deposited(amount: number) {
    const account = await world.bank.openAccount(world.alice);
    const res = await world.bank.deposit(world.alice.authorization, account.id, { amount });
    expect(res.status, res.text).to.equal(201);
    world.standIn.seen.length = 0;
    return { account, depositId: res.body.id as string };
  }

  it('asks the gateway to refund the charge, with a downstream key derived from the request', async () => {
    const { account, depositId } = await deposited(500);
    const key = aKey();
    const res = await world.bank.refund(world.bank.admin.authorization, depositId, { amount: 200 }, key);
    expect(res.status, res.text).to.equal(201);
    expect(world.standIn.seen).to.have.length(1);
    const [call] = world.standIn.seen;
    expect(call).to.deep.include({ method: 'POST', path: '/refunds' });
    expect(call.body).to.include({ amount: 200, currency: 'BRL', charge: 'ch_1' });
    expect(call.idempotencyKey).to.match(/^[0-9a-f]{64}$/).and.not.equal(key);
    expect(await world.bank.balance(account.id)).to.equal(300);
  });

  it('insufficient funds: 422 and the gateway is never called', async () => {
    const { account, depositId } = await deposited(50);
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId, { amount: 51 }), 409, 'ALREADY_REFUNDED');
    const withdrawal = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 20 });
    expect(withdrawal.status).to.equal(201);
    world.standIn.seen.length = 0;
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId), 422, 'INSUFFICIENT_FUNDS');
    expect(world.standIn.seen).to.deep.equal([]);
  });

  it('a declined refund (402) is put back in the same request and replays as 402', async () => {
    const { account, depositId } = await deposited(80);
    world.standIn.reply = () => ({ status: 402, body: {} });
    const key = aKey();
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId, {}, key), 402, 'PAYMENT_DECLINED');
    expect(await world.bank.balance(account.id)).to.equal(80);
    const replay = await world.bank.refund(world.bank.admin.authorization, depositId, {}, key);
    expectProblem(replay, 402, 'PAYMENT_DECLINED');
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(world.standIn.seen).to.have.length(1);
  });

  it('an answer that does not echo the amount is not believed: the debit stays, and a retry settles it once', async () => {
    const { account, depositId } = await deposited(90);
    world.standIn.reply = (request) => ({ status: 200, body: { ...succeeded(request, 're_x'), amount: 1 } });
    const key = aKey();
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId, {}, key), 502, 'GATEWAY_FAILURE');
    expect(await world.bank.balance(account.id), 'the refund may have been paid: not put back').to.equal(0);
    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request, 're_x') });
    const retry = await world.bank.refund(world.bank.admin.authorization, depositId, {}, key);
    expect(retry.status, retry.text).to.equal(201);
    expect(await world.bank.balance(account.id)).to.equal(0);
    expect(new Set(world.standIn.seen.map((r) => r.idempotencyKey)).size, 'one downstream key').to.equal(1);
    const refunds = await world.app.db('ledger_transactions').where({ refunds_id: depositId });
    expect(refunds.map((r) => [r.id, r.gateway_reference, r.payout_state])).to.deep.equal([[retry.body.id, 're_x', 'paid']]);
    expect((await world.bank.integrity()).balanced).to.equal(true);
  });

  it('a refund that times out answers 504 and stays debited; a retry with the same key completes it once', async () => {
    const { account, depositId } = await deposited(120);
    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request, 're_late'), delayMs: 600 });
    const key = aKey();
    expectProblem(await world.bank.refund(world.bank.admin.authorization, depositId, {}, key), 504, 'GATEWAY_TIMEOUT');
    expect(await world.bank.balance(account.id)).to.equal(0);
    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request, 're_late') });
    const retry = await world.bank.refund(world.bank.admin.authorization, depositId, {}, key);
    expect(retry.status, retry.text).to.equal(201);
    expect(await world.bank.statementOf(account.id)).to.deep.equal([
      ['refund', -120, 0],
      ['deposit', 120, 120],
    ]);
  });

  it('two refunds of the whole deposit at once: one succeeds, the other is refused, never both', async () => {
    const { account, depositId } = await deposited(1_000);
    const responses = await Promise.all([1, 2, 3, 4].map(() => world.bank.refund(world.bank.admin.authorization, depositId)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).to.deep.equal([201, 409, 409, 409]);
    for (const r of responses.filter((r) => r.status === 409)) expect(r.body.code).to.equal('ALREADY_REFUNDED');
    expect(await world.bank.balance(account.id)).to.equal(0);
    expect(world.standIn.seen.filter((r) => r.path === '/refunds')).to.have.length(1);
    expect((await world.bank.integrity()).balanced).to.equal(true);
  });
});
