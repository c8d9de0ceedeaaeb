import { expect } from 'chai';
import { succeeded } from '../../helpers/gateway-stand-in';
import { aKey, expectProblem } from './bank';
import { useBank } from './use-bank';

describe('money movement API with the HTTP payment gateway', () => {
  // Generous: these tests hold the gateway's answer while they act, and must not time out meanwhile.
  const world = useBank({ gatewayTimeoutMs: 2000 });

  beforeEach(() => {
    world.standIn.seen.length = 0;
    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request) });
  });

  it('a failed deposit (502) is not stored: its retry charges again with the same downstream key and succeeds', async () => {
    const account = await world.bank.openAccount(world.alice);
    const key = aKey();
    world.standIn.reply = () => ({ status: 500 });
    expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 80 }, key), 502, 'GATEWAY_FAILURE');
    expect(await world.bank.balance(account.id)).to.equal(0);
    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'ch_real_1') });

    const retried = await world.bank.deposit(world.alice.authorization, account.id, { amount: 80 }, key);
    expect(retried.status, retried.text).to.equal(201);
    expect(retried.headers['idempotent-replayed']).to.equal(undefined);
    expect(await world.bank.balance(account.id)).to.equal(80);
    const keys = new Set(world.standIn.seen.map((r) => r.idempotencyKey));
    expect(keys.size, 'every attempt carried one downstream key').to.equal(1);
    expect([...keys][0]).to.match(/^[0-9a-f]{64}$/).and.not.equal(key);
    const [row] = await world.app.db('ledger_transactions').where({ id: retried.body.id });
    expect(row.gateway_reference).to.equal('ch_real_1');
  });

  it('a slow deposit still in flight answers a repeat with 409 and Retry-After', async () => {
    const account = await world.bank.openAccount(world.alice);
    const key = aKey();
    // The gateway holds its answer until the repeat has been answered: the first is in flight throughout.
    let charged!: () => void;
    const chargeArrived = new Promise<void>((resolve) => (charged = resolve));
    let answerRepeat!: () => void;
    const repeatAnswered = new Promise<void>((resolve) => (answerRepeat = resolve));
    world.standIn.reply = (request) => {
      charged();
      return { status: 200, body: succeeded(request), hold: repeatAnswered };
    };
    const first = world.bank.deposit(world.alice.authorization, account.id, { amount: 10 }, key).then((r) => r);
    await chargeArrived;
    const repeat = await world.bank.deposit(world.alice.authorization, account.id, { amount: 10 }, key);
    answerRepeat();
    const body = expectProblem(repeat, 409, 'IDEMPOTENCY_IN_PROGRESS');
    expect(repeat.headers['retry-after']).to.equal('1');
    expect(body.detail).to.match(/still being processed/);
    expect((await first).status).to.equal(201);
    const replay = await world.bank.deposit(world.alice.authorization, account.id, { amount: 10 }, key);
    expect(replay.status).to.equal(201);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(await world.bank.balance(account.id)).to.equal(10);
    expect(world.standIn.seen).to.have.length(1);
  });

  it('a deposit whose charge was captured while the account was being closed is still credited, once', async () => {
    const account = await world.bank.openAccount(world.alice);
    const key = aKey();
    let closing: Promise<{ status: number }> | undefined;
    world.standIn.reply = (request) => {
      // The charge has reached the gateway: the owner closes the (still empty) account before it answers.
      closing = world.bank.http().post(`/v1/accounts/${account.id}/close`).set('Authorization', world.alice.authorization).then((r) => r);
      return { status: 200, body: succeeded(request, 'ch_real_charge'), hold: closing };
    };
    const res = await world.bank.deposit(world.alice.authorization, account.id, { amount: 5_000 }, key);
    expect((await closing!).status).to.equal(200);
    expect(res.status, res.text).to.equal(201);
    expect(await world.bank.balance(account.id), 'the captured money is credited, not lost').to.equal(5_000);
    const retry = await world.bank.deposit(world.alice.authorization, account.id, { amount: 5_000 }, key);
    expect(retry.status).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(await world.bank.balance(account.id)).to.equal(5_000);
    expect(world.standIn.seen).to.have.length(1);
    expect((await world.bank.integrity()).balanced).to.equal(true);
  });

  it('a gateway that keeps failing opens the circuit: 503 with Retry-After, without calling it', async () => {
    const account = await world.bank.fundedAccount(world.alice, 50);
    world.standIn.reply = () => ({ status: 503 });
    // Three attempts per call (two retries); five consecutive failures open the circuit.
    expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 1 }), 502, 'GATEWAY_FAILURE');
    const opened = expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 1 }), 503, 'GATEWAY_UNAVAILABLE');
    expect(opened.detail).to.match(/retry later/);
    const calls = world.standIn.seen.length;
    const res = await world.bank.deposit(world.alice.authorization, account.id, { amount: 1 });
    expectProblem(res, 503, 'GATEWAY_UNAVAILABLE');
    expect(res.headers['retry-after']).to.equal('10');
    expect(world.standIn.seen.length, 'the open circuit does not call the gateway').to.equal(calls);
    expect(await world.bank.balance(account.id)).to.equal(50);
    expect((await world.bank.integrity()).balanced).to.equal(true);
  });
});

describe('money movement API when the HTTP payment gateway answers too late', () => {
  const world = useBank({ gatewayTimeoutMs: 100 });

  beforeEach(() => {
    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request) });
  });

  it('a charge that times out answers 504 and stores nothing: a retry with the same key charges with the same downstream key and credits once', async () => {
    const account = await world.bank.openAccount(world.alice);
    world.standIn.seen.length = 0;
    // The gateway captures the charge but answers after the client gave up.
    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'ch_captured'), delayMs: 400 });
    const key = aKey();
    expectProblem(await world.bank.deposit(world.alice.authorization, account.id, { amount: 700 }, key), 504, 'GATEWAY_TIMEOUT');
    expect(await world.bank.balance(account.id)).to.equal(0);

    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'ch_captured') });
    const retry = await world.bank.deposit(world.alice.authorization, account.id, { amount: 700 }, key);
    expect(retry.status, retry.text).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal(undefined);
    expect(await world.bank.balance(account.id)).to.equal(700);
    expect(new Set(world.standIn.seen.map((r) => r.idempotencyKey)).size, 'every charge attempt carried one downstream key').to.equal(1);
    const [row] = await world.app.db('ledger_transactions').where({ id: retry.body.id });
    expect(row.gateway_reference).to.equal('ch_captured');
  });

  it('a payout that times out answers 504 and stays held; a retry with the same key completes it once, with the same downstream key', async () => {
    const account = await world.bank.fundedAccount(world.alice, 10_000);
    world.standIn.seen.length = 0;
    // The gateway executes the payout but answers after the client gave up.
    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'po_executed'), delayMs: 400 });
    const key = aKey();
    expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 4_000 }, key), 504, 'GATEWAY_TIMEOUT');
    expect(await world.bank.balances(account.id), 'the money may have left: still held').to.deep.equal({ balance: 10_000, pendingBalance: 4_000, availableBalance: 6_000 });

    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'po_executed') });
    const retry = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 4_000 }, key);
    expect(retry.status, retry.text).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal(undefined);
    expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 6_000, pendingBalance: 0, availableBalance: 6_000 });
    const payouts = world.standIn.seen.filter((r) => r.path === '/payouts');
    expect(payouts.length).to.be.above(1);
    expect(new Set(payouts.map((r) => r.idempotencyKey)).size, 'every payout attempt carried one downstream key').to.equal(1);
    const withdrawals = await world.app.db('ledger_transactions').where({ type: 'withdrawal' }).whereIn('id', world.app.db('ledger_entries').where({ account_id: account.id }).select('transaction_id'));
    expect(withdrawals.map((w) => [w.id, w.gateway_reference])).to.deep.equal([[retry.body.id, 'po_executed']]);
    expect(withdrawals.map((w) => w.payout_state)).to.deep.equal(['paid']);
    expect(await world.app.db('ledger_transactions').where({ reverses_id: retry.body.id })).to.have.length(0);

    const replay = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 4_000 }, key);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(replay.body).to.deep.equal(retry.body);
    expect((await world.bank.integrity()).balanced).to.equal(true);
  });

  it('a payout retried into a refusal after an attempt that may have paid keeps its hold (502, outcome unknown); the retry settles it', async () => {
    const account = await world.bank.fundedAccount(world.alice, 1_000);
    world.standIn.seen.length = 0;
    // The first attempt is executed but answered too late; the repeat of its key meanwhile is refused (409).
    world.standIn.reply = (request, index) =>
      index === 0 ? { status: 200, body: succeeded(request, 'po_executed'), delayMs: 400 } : { status: 409, body: { error: 'idempotency key in use' } };
    const key = aKey();
    expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 400 }, key), 502, 'GATEWAY_FAILURE');
    expect(world.standIn.seen.filter((r) => r.path === '/payouts').length, 'the adapter retried the timed-out attempt').to.be.above(1);
    expect(await world.app.db('holds').where({ from_account_id: account.id }).pluck('status')).to.deep.equal(['pending']);
    expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 1_000, pendingBalance: 400, availableBalance: 600 });

    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request, 'po_executed') });
    const retry = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 400 }, key);
    expect(retry.status, retry.text).to.equal(201);
    expect((await world.app.db('ledger_transactions').where({ id: retry.body.id }).first()).gateway_reference).to.equal('po_executed');
    expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 600, pendingBalance: 0, availableBalance: 600 });
  });

  it('while a payout has no result nothing is posted and not even an admin can void its hold (409 HOLD_SETTLED_BY_PAYOUT); once paid, it cannot be reversed (409 PAYOUT_SETTLED)', async () => {
    const account = await world.bank.fundedAccount(world.alice, 1_000);
    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request), delayMs: 400 });
    const key = aKey();
    expectProblem(await world.bank.withdraw(world.alice.authorization, account.id, { amount: 300 }, key), 504, 'GATEWAY_TIMEOUT');
    expect(await world.bank.statementOf(account.id)).to.deep.equal([['deposit', 1_000, 1_000]]);
    const [hold] = await world.app.db('holds').where({ from_account_id: account.id });
    expect(hold).to.include({ kind: 'withdrawal', status: 'pending' });
    const voiding = await world.bank.http().post(`/v1/holds/${hold.id}/void`).set('Authorization', world.bank.admin.authorization).set('Idempotency-Key', aKey()).send({});
    expectProblem(voiding, 409, 'HOLD_SETTLED_BY_PAYOUT');
    expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 1_000, pendingBalance: 300, availableBalance: 700 });

    world.standIn.reply = (request) => ({ status: 200, body: succeeded(request) });
    const paid = await world.bank.withdraw(world.alice.authorization, account.id, { amount: 300 }, key);
    expect(paid.status, paid.text).to.equal(201);
    expectProblem(await world.bank.reverse(world.bank.admin.authorization, paid.body.id), 409, 'PAYOUT_SETTLED');
    expect(await world.bank.balances(account.id)).to.deep.equal({ balance: 700, pendingBalance: 0, availableBalance: 700 });
  });
});
