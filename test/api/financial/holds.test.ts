import { expect } from 'chai';
import { aKey, expectProblem } from './bank';
import { useHoldsApp } from './use-holds-app';

describe('holds: place, capture, void (API)', function () {
  this.timeout(60_000);
  const world = useHoldsApp();

  const place = (body: Record<string, unknown> = {}, key?: string) =>
    world.holds.place(world.alice.authorization, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount: 300, ...body }, key);

  it('reserves the amount: no money moves, the source’s available balance drops', async () => {
    const res = await place({ description: 'Hotel deposit', expiresInSeconds: 3600 });
    expect(res.status, res.text).to.equal(201);
    expect(res.headers.location).to.equal(`/v1/holds/${res.body.id}`);
    expect(res.body).to.include({
      fromAccountId: world.source.id,
      toAccountId: world.destination.id,
      amount: 300,
      currency: 'BRL',
      capturedAmount: null,
      status: 'pending',
      description: 'Hotel deposit',
      resolvedAt: null,
      captureTransactionId: null,
    });
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).to.equal(3_600_000);
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 1_000, pendingBalance: 300, availableBalance: 700 });
    expect(await world.holds.balances(world.destination.id)).to.deep.equal({ balance: 0, pendingBalance: 0, availableBalance: 0 });
    expect((await world.holds.get(world.bob.authorization, res.body.id)).body).to.deep.equal(res.body);
  });

  it('expires in 7 days when the request names no expiry', async () => {
    const res = await place();
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).to.equal(604_800_000);
  });

  it('captures part: a capture transaction posts it, the rest is released', async () => {
    const id = await world.holds.placed(world.alice.authorization, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount: 300, currency: 'BRL' });
    const res = await world.holds.capture(world.alice.authorization, id, { amount: 200 });
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.include({ id, status: 'captured', capturedAmount: 200, amount: 300 });
    expect(res.body.resolvedAt).to.be.a('string');
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 800, pendingBalance: 0, availableBalance: 800 });
    expect(await world.holds.balances(world.destination.id)).to.deep.equal({ balance: 200, pendingBalance: 0, availableBalance: 200 });
    const tx = await world.bank.http().get(`/v1/transactions/${res.body.captureTransactionId}`).set('Authorization', world.alice.authorization);
    expect(tx.body).to.include({ type: 'capture', amount: 200, holdId: id });
    expect(await world.bank.statementOf(world.destination.id)).to.deep.equal([['capture', 200, 200]]);
    expect(await world.bank.integrity()).to.include({ balanced: true });
  });

  it('captures the whole hold when no amount is given', async () => {
    const id = (await place()).body.id as string;
    expect((await world.holds.capture(world.alice.authorization, id)).body).to.include({ status: 'captured', capturedAmount: 300 });
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 700, pendingBalance: 0, availableBalance: 700 });
  });

  it('voids: everything released, nothing posted', async () => {
    const id = (await place()).body.id as string;
    const transactions = await world.bank.transactionCount();
    const res = await world.holds.void(world.alice.authorization, id);
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.include({ status: 'voided', capturedAmount: null, captureTransactionId: null });
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 1_000, pendingBalance: 0, availableBalance: 1_000 });
    expect(await world.bank.transactionCount()).to.equal(transactions);
  });

  it('refuses a capture over the held amount (422), changing nothing', async () => {
    const id = (await place()).body.id as string;
    expectProblem(await world.holds.capture(world.alice.authorization, id, { amount: 301 }), 422, 'CAPTURE_EXCEEDS_HOLD');
    expect((await world.holds.get(world.alice.authorization, id)).body.status).to.equal('pending');
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 1_000, pendingBalance: 300, availableBalance: 700 });
  });

  it('resolves once: capture or void of a voided or captured hold is 409 HOLD_NOT_PENDING', async () => {
    const voided = (await place()).body.id as string;
    await world.holds.void(world.alice.authorization, voided);
    expectProblem(await world.holds.capture(world.alice.authorization, voided), 409, 'HOLD_NOT_PENDING');
    expectProblem(await world.holds.void(world.alice.authorization, voided), 409, 'HOLD_NOT_PENDING');
    const captured = (await place()).body.id as string;
    await world.holds.capture(world.alice.authorization, captured, { amount: 100 });
    expectProblem(await world.holds.capture(world.alice.authorization, captured), 409, 'HOLD_NOT_PENDING');
    expectProblem(await world.holds.void(world.alice.authorization, captured), 409, 'HOLD_NOT_PENDING');
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 900, pendingBalance: 0, availableBalance: 900 });
  });

  it('replays a repeated place and capture: one hold, one capture', async () => {
    const key = aKey();
    const first = await place({}, key);
    const repeat = await place({}, key);
    expect(repeat.status).to.equal(201);
    expect(repeat.headers['idempotent-replayed']).to.equal('true');
    expect(repeat.body).to.deep.equal(first.body);
    expect(await world.holds.balances(world.source.id)).to.include({ pendingBalance: 300 });

    const captureKey = aKey();
    const captured = await world.holds.capture(world.alice.authorization, first.body.id, { amount: 50 }, captureKey);
    const again = await world.holds.capture(world.alice.authorization, first.body.id, { amount: 50 }, captureKey);
    expect(again.status).to.equal(200);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body).to.deep.equal(captured.body);
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 950, pendingBalance: 0, availableBalance: 950 });
  });

  it('requires an Idempotency-Key, and refuses an expiry outside 1 s to 30 days', async () => {
    expectProblem(await place({}, null as unknown as string), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    expectProblem(await place({ expiresInSeconds: 0 }), 400, 'VALIDATION_FAILED');
    expectProblem(await place({ expiresInSeconds: 2_592_001 }), 400, 'VALIDATION_FAILED');
    expectProblem(await place({ expiresInSeconds: 1.5 }), 400, 'VALIDATION_FAILED');
    const id = (await place()).body.id as string;
    expectProblem(await world.holds.capture(world.alice.authorization, id, {}, null), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    expect(await world.holds.balances(world.source.id)).to.include({ pendingBalance: 300 });
  });

  it('refuses a hold the available balance does not cover (422), and the same account (422)', async () => {
    await place({ amount: 800 });
    expectProblem(await place({ amount: 201 }), 422, 'INSUFFICIENT_FUNDS');
    expectProblem(await place({ toAccountId: world.source.id }), 422, 'SAME_ACCOUNT');
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 1_000, pendingBalance: 800, availableBalance: 200 });
  });

  it('someone else’s money is 404: placing from it, capturing, voiding or reading its hold', async () => {
    const mallory = await world.bank.customer();
    expectProblem(await world.holds.place(mallory.authorization, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount: 1 }), 404, 'ACCOUNT_NOT_FOUND');
    const id = (await place()).body.id as string;
    expectProblem(await world.holds.capture(mallory.authorization, id), 404, 'HOLD_NOT_FOUND');
    expectProblem(await world.holds.void(mallory.authorization, id), 404, 'HOLD_NOT_FOUND');
    expectProblem(await world.holds.get(mallory.authorization, id), 404, 'HOLD_NOT_FOUND');
    // The destination's owner sees the hold, but may not capture it: the money is not theirs.
    expectProblem(await world.holds.capture(world.bob.authorization, id), 404, 'HOLD_NOT_FOUND');
    expectProblem(await world.holds.get(world.alice.authorization, '00000000-0000-4000-8000-000000000001'), 404, 'HOLD_NOT_FOUND');
    expect(await world.holds.balances(world.source.id)).to.include({ pendingBalance: 300 });
  });

  it('held money cannot be spent: a transfer or withdrawal past the available balance is 422', async () => {
    await place({ amount: 800 });
    expectProblem(await world.bank.transfer(world.alice.authorization, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount: 201 }), 422, 'INSUFFICIENT_FUNDS');
    expectProblem(await world.bank.withdraw(world.alice.authorization, world.source.id, { amount: 201 }), 422, 'INSUFFICIENT_FUNDS');
    expect((await world.bank.transfer(world.alice.authorization, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount: 200 })).status).to.equal(201);
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 800, pendingBalance: 800, availableBalance: 0 });
    expect(await world.bank.integrity()).to.include({ balanced: true });
  });

  it('a payments:write service places and captures; an admin voids', async () => {
    const service = world.bank.service('payments:write');
    const placed = await world.holds.place(service, { fromAccountId: world.source.id, toAccountId: world.destination.id, amount: 100 });
    expect(placed.status, placed.text).to.equal(201);
    expect((await world.holds.capture(service, placed.body.id, { amount: 60 })).body).to.include({ status: 'captured', capturedAmount: 60 });
    const other = (await place()).body.id as string;
    expect((await world.holds.void(world.bank.admin.authorization, other)).body).to.include({ status: 'voided' });
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 940, pendingBalance: 0, availableBalance: 940 });
  });

  it('a frozen source cannot be captured from (409), but its hold can be voided', async () => {
    const id = (await place()).body.id as string;
    await world.app.db('accounts').where({ id: world.source.id }).update({ status: 'frozen' });
    expectProblem(await world.holds.capture(world.alice.authorization, id), 409, 'ACCOUNT_FROZEN');
    expect((await world.holds.get(world.alice.authorization, id)).body.status).to.equal('pending');
    expect((await world.holds.void(world.alice.authorization, id)).body.status).to.equal('voided');
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 1_000, pendingBalance: 0, availableBalance: 1_000 });
  });

  it('a destination closed meanwhile refuses the capture (409); the hold stays pending', async () => {
    const id = (await place()).body.id as string;
    const closed = await world.bank.http().post(`/v1/accounts/${world.destination.id}/close`).set('Authorization', world.bob.authorization);
    expect(closed.status, closed.text).to.equal(200);
    expectProblem(await world.holds.capture(world.alice.authorization, id), 409, 'ACCOUNT_CLOSED');
    expect((await world.holds.get(world.alice.authorization, id)).body.status).to.equal('pending');
    expect(await world.holds.balances(world.source.id)).to.deep.equal({ balance: 1_000, pendingBalance: 300, availableBalance: 700 });
    expectProblem(await place(), 409, 'ACCOUNT_CLOSED');
  });
});
