import { expect } from 'chai';
import { expectProblem } from '../financial/bank';
import { useBank } from '../financial/use-bank';
import { type EventBody, dispatcherOf } from './events-feed';

describe('GET /v1/events', function () {
  this.timeout(30_000);
  const world = useBank();

  before(async () => {
    const { bank, alice } = world;
    const account = await bank.openAccount(alice);
    for (const amount of [100, 200, 300]) expect((await bank.deposit(alice.authorization, account.id, { amount })).status).to.equal(201);
    await dispatcherOf(bank.app).dispatchOnce();
  });

  const page = (authorization: string, query: Record<string, string | number>) => world.bank.http().get('/v1/events').query(query).set('Authorization', authorization);

  it('pages positioned events in position order; nextCursor is the last position, passed back as ?after=', async () => {
    const { bank } = world;
    const seen: EventBody[] = [];
    let after: string | null = '0';
    while (after !== null) {
      const res = await page(bank.admin.authorization, { after, limit: 2 });
      expect(res.status, res.text).to.equal(200);
      const body = res.body as { items: EventBody[]; nextCursor: string | null };
      expect(body.items.length).to.be.at.most(2);
      seen.push(...body.items);
      after = body.nextCursor;
    }

    expect(seen.map((e) => e.type)).to.deep.equal(['account.opened', 'transaction.posted', 'transaction.posted', 'transaction.posted']);
    expect(seen.map((e) => e.position)).to.deep.equal(['1', '2', '3', '4']);
    expect(seen.map((e) => e.data.amount)).to.deep.equal([undefined, 100, 200, 300]);
    expect(new Date(seen[0].occurredAt).toISOString()).to.equal(seen[0].occurredAt);
  });

  it('lets a ledger:admin service read; refuses customers and other services with 403', async () => {
    const { bank, alice } = world;
    expect((await page(bank.service('ledger:admin'), {})).status).to.equal(200);
    expectProblem(await page(alice.authorization, {}), 403, 'FORBIDDEN');
    expectProblem(await page(bank.service('accounts:read', 'payments:write'), {}), 403, 'FORBIDDEN');
  });

  it('refuses a position that is not one', async () => {
    const { bank } = world;
    for (const after of ['-1', 'abc', '99999999999999999999', '1.5']) expectProblem(await page(bank.admin.authorization, { after }), 400, 'VALIDATION_FAILED');
    expectProblem(await page(bank.admin.authorization, { limit: 101 }), 400, 'VALIDATION_FAILED');
  });

  it('reports deliveries and the age of the oldest undelivered event on /metrics', async () => {
    const { bank, alice } = world;
    const before = await bank.http().get('/metrics');
    expect(before.text).to.match(/^outbox_deliveries_total\{outcome="handed_over"\} 4$/m);
    expect(before.text).to.match(/^outbox_oldest_undelivered_seconds 0$/m);

    await bank.openAccount(alice);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const waiting = await bank.http().get('/metrics');
    const age = Number(/^outbox_oldest_undelivered_seconds (\S+)$/m.exec(waiting.text)?.[1]);
    expect(age).to.be.greaterThan(1);
  });
});
