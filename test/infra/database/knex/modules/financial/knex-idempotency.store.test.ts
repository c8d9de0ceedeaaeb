import { expect } from 'chai';
import type { Knex } from 'knex';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from '../../../../../../src/domain/modules/financial/financial.errors';
import type { IdempotencyClaim, IdempotentRequest } from '../../../../../../src/domain/modules/financial/idempotency.port';
import { KnexDbContext } from '../../../../../../src/infra/database/knex/knex-db-context';
import { KnexUnitOfWork } from '../../../../../../src/infra/database/knex/knex-unit-of-work';
import pino from 'pino';
import { ClaimReleases } from '../../../../../../src/infra/database/knex/modules/financial/claim-releases';
import { KnexIdempotencyStore } from '../../../../../../src/infra/database/knex/modules/financial/knex-idempotency.store';
import { useMigratedDatabase } from '../../../../../helpers/database';

const request = (overrides: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
  scope: 'user:1',
  key: 'key-1',
  method: 'POST',
  path: '/v1/transfers',
  requestHash: 'a'.repeat(64),
  ...overrides,
});
const RESPONSE = { status: 201, body: '{"id":"t1"}', location: '/v1/transactions/t1' };

describe('KnexIdempotencyStore', () => {
  const database = useMigratedDatabase();
  let db: Knex;
  let store: KnexIdempotencyStore;
  const newStore = () => new KnexIdempotencyStore(new KnexDbContext(db), { supportedCurrencies: ['BRL'], idempotencyLeaseMs: 60_000 }, new ClaimReleases(pino({ level: 'silent' })));

  beforeEach(async () => {
    db = database.db;
    store = newStore();
  });

  async function claim(req = request()): Promise<IdempotencyClaim> {
    const outcome = await store.claim(req);
    if (outcome.kind !== 'claimed') throw new Error(`expected a claim, got ${outcome.kind}`);
    return outcome.claim;
  }
  const row = async (key = 'key-1') => db('idempotency_keys').where({ key }).first();

  it('a first claim holds the key for 24 h at least; a repeat while it runs is 409', async () => {
    const held = await claim();
    expect(held.recoveryPoint).to.equal(null);
    expect(await store.claim(request()).catch((e: unknown) => e)).to.be.instanceOf(IdempotencyInProgressError);
    const stored = await row();
    expect(stored).to.include({ status: 'in_progress', scope: 'user:1', method: 'POST', path: '/v1/transfers' });
    expect(new Date(stored.expires_at).getTime() - new Date(stored.created_at).getTime()).to.be.at.least(24 * 3600 * 1000);
  });

  it('the same key with another body, method or path is a misuse (422)', async () => {
    await claim();
    for (const other of [{ requestHash: 'b'.repeat(64) }, { path: '/v1/accounts/x/deposits' }, { method: 'PUT' }]) {
      expect(await store.claim(request(other)).catch((e: unknown) => e)).to.be.instanceOf(IdempotencyKeyReusedError);
    }
  });

  it('keys are scoped to their principal', async () => {
    await claim();
    const other = await claim(request({ scope: 'service:billing' }));
    expect(other.token).to.be.a('string');
  });

  it('a completed request is replayed, and its record kept 24 h after completion', async () => {
    const held = await claim();
    await store.complete(held, RESPONSE);
    expect(await store.claim(request())).to.deep.equal({ kind: 'replay', response: RESPONSE });
    const stored = await row();
    expect(stored).to.include({ status: 'completed', response_status: 201, lock_token: null });
    expect(new Date(stored.expires_at).getTime() - new Date(stored.completed_at).getTime()).to.be.at.least(24 * 3600 * 1000);
  });

  it('the outcome written inside a transaction that rolls back is gone with it', async () => {
    const context = new KnexDbContext(db);
    const inRequest = new KnexIdempotencyStore(context, { supportedCurrencies: ['BRL'], idempotencyLeaseMs: 60_000 }, new ClaimReleases(pino({ level: 'silent' })));
    const held = await inRequest.claim(request());
    if (held.kind !== 'claimed') throw new Error('expected a claim');
    const failure = await new KnexUnitOfWork(context)
      .transaction(async () => {
        await inRequest.complete(held.claim, RESPONSE);
        throw new Error('the ledger write failed');
      })
      .catch((e: unknown) => e);
    expect(failure).to.have.property('message', 'the ledger write failed');
    expect((await row()).status).to.equal('in_progress');
  });

  it('only the current holder may complete or checkpoint', async () => {
    const held = await claim();
    const impostor = { ...held, token: '00000000-0000-4000-8000-000000000000' };
    expect(await store.complete(impostor, RESPONSE).catch((e: unknown) => e)).to.be.instanceOf(IdempotencyInProgressError);
    expect(await store.checkpoint(impostor, null).catch((e: unknown) => e)).to.be.instanceOf(IdempotencyInProgressError);
    expect((await row()).status).to.equal('in_progress');
  });

  it('a released claim (5xx) is forgotten: the retry runs afresh', async () => {
    const held = await claim();
    await store.release(held);
    expect(await row()).to.equal(undefined);
    const again = await claim();
    expect(again.id).to.not.equal(held.id);
  });

  it('a released claim with a committed first step is kept, and the retry takes it over at once to resume', async () => {
    const transactionId = await storeTransaction();
    const held = await claim();
    await store.checkpoint(held, transactionId);
    await store.release(held);
    const resumed = await claim();
    expect(resumed).to.include({ id: held.id, recoveryPoint: transactionId });
    expect(resumed.token).to.not.equal(held.token);
    expect(await store.complete(held, RESPONSE).catch((e: unknown) => e), 'the old attempt lost the key').to.be.instanceOf(IdempotencyInProgressError);
    await store.complete(resumed, RESPONSE);
  });

  it('a claim whose holder died (lease lapsed) is taken over by the next retry, never by two', async () => {
    const held = await claim();
    await db('idempotency_keys').where({ id: held.id }).update({ locked_until: new Date(Date.now() - 1000) });
    const outcomes = await Promise.allSettled([newStore().claim(request()), newStore().claim(request()), newStore().claim(request())]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).to.be.instanceOf(IdempotencyInProgressError);
  });

  it('the running attempt renews its hold; a renewal of a claim taken over or finished reports it lost', async () => {
    const held = await claim();
    await db('idempotency_keys').where({ id: held.id }).update({ locked_until: new Date(Date.now() + 500) });
    expect(await store.renew(held)).to.equal(true);
    const renewed = await db.raw<{ rows: { ms: number }[] }>(`SELECT extract(epoch FROM locked_until - now()) * 1000 AS ms FROM idempotency_keys WHERE id = ?`, [held.id]);
    expect(Number(renewed.rows[0].ms)).to.be.above(50_000);
    await store.complete(held, RESPONSE);
    expect(await store.renew(held)).to.equal(false);
  });

  it('keepAlive renews the hold every third of the lease while the attempt runs, and stops when told', async () => {
    const shortLease = new KnexIdempotencyStore(new KnexDbContext(db), { supportedCurrencies: ['BRL'], idempotencyLeaseMs: 3000 }, new ClaimReleases(pino({ level: 'silent' })));
    const outcome = await shortLease.claim(request());
    if (outcome.kind !== 'claimed') throw new Error('expected a claim');
    const remainingMs = async () =>
      Number((await db.raw<{ rows: { ms: number }[] }>(`SELECT extract(epoch FROM locked_until - now()) * 1000 AS ms FROM idempotency_keys WHERE id = ?`, [outcome.claim.id])).rows[0].ms);
    await db('idempotency_keys').where({ id: outcome.claim.id }).update({ locked_until: db.raw(`now() + interval '300 milliseconds'`) });
    const stop = shortLease.keepAlive(outcome.claim);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1300));
      expect(await remainingMs(), 'renewed to a whole lease').to.be.above(1500);
    } finally {
      stop();
    }
    await db('idempotency_keys').where({ id: outcome.claim.id }).update({ locked_until: db.raw(`now() + interval '300 milliseconds'`) });
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(await remainingMs(), 'no renewal after stop').to.be.below(0);
  });

  it('a release the database refuses is retried in the background: the retry of the request is not refused for a lease', async () => {
    const released: string[] = [];
    const releases = new ClaimReleases(pino({ level: 'silent' }), [5, 5]);
    releases.onOutcome((outcome) => released.push(outcome));
    const context = new KnexDbContext(db);
    const flaky = new KnexIdempotencyStore(context, { supportedCurrencies: ['BRL'], idempotencyLeaseMs: 60_000 }, releases);
    const held = await claim();
    // The first release statement meets the outage (as pg reports a terminated backend).
    const realRaw = db.client.query.bind(db.client);
    let refused = 0;
    db.client.query = (connection: unknown, obj: { sql?: string }) => {
      if (refused === 0 && /^delete from "idempotency_keys"/i.test(obj.sql ?? '')) {
        refused++;
        return Promise.reject(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
      }
      return realRaw(connection, obj);
    };
    try {
      await flaky.release(held);
      await releases.idle();
    } finally {
      db.client.query = realRaw;
    }
    expect(refused).to.equal(1);
    expect(released).to.deep.equal(['released_after_retry']);
    expect(await row()).to.equal(undefined);
  });

  it('of many concurrent first claims exactly one wins', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => newStore().claim(request({ key: 'race' }))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason instanceof IdempotencyInProgressError)).to.equal(true);
  });

  it('a record past its retention frees the key for a new request', async () => {
    const held = await claim();
    await store.complete(held, RESPONSE);
    await db('idempotency_keys').where({ id: held.id }).update({ expires_at: new Date(Date.now() - 1000) });
    const fresh = await claim(request({ requestHash: 'c'.repeat(64) }));
    expect(fresh.id).to.not.equal(held.id);
  });

  it('purge deletes expired records, except unfinished ones holding a first step', async () => {
    const past = new Date(Date.now() - 1000);
    const done = await claim(request({ key: 'done' }));
    await store.complete(done, RESPONSE);
    await claim(request({ key: 'abandoned' }));
    const pending = await claim(request({ key: 'pending' }));
    await store.checkpoint(pending, await storeTransaction());
    await claim(request({ key: 'fresh' }));
    await db('idempotency_keys').whereIn('key', ['done', 'abandoned', 'pending']).update({ expires_at: past });

    expect(await store.purgeExpired()).to.equal(2);
    expect((await db('idempotency_keys').select('key').orderBy('key')).map((r: { key: string }) => r.key)).to.deep.equal(['fresh', 'pending']);
  });

  /** A ledger transaction to point a recovery point at (the foreign key requires one). */
  async function storeTransaction(): Promise<string> {
    const id = crypto.randomUUID();
    await db('ledger_transactions').insert({ id, type: 'withdrawal', payout_state: 'awaiting', created_at: new Date() });
    return id;
  }
});
