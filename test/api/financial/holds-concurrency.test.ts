import { expect } from 'chai';
import { holdsExpireCommand } from '../../../src/cli/commands/holds.command';
import { ledgerVerifyCommand } from '../../../src/cli/commands/ledger.command';
import type { FincoreApp } from '../../../src/config/composition-root';
import { runCommand } from '../../helpers/cli';
import { usingPostgres } from '../../helpers/database';
import { note } from '../../helpers/load';
import { Bank, createBankApp, type AccountBody } from './bank';
import { Holds } from './holds-driver';

const HOLDS = 20;
const RESOLUTIONS = 100;
const TRANSFERS = 30;
const HELD = 50;
// Less than the holds and the transfers together: some transfers find the money held and are refused.
const INITIAL = 1_500;
const TRANSFERRED = 50;
const DESTINATIONS = 4;
const PLACEMENTS = 10;

// PGlite runs one statement at a time: only PostgreSQL races rows for real.
(usingPostgres() ? describe : describe.skip)('holds under concurrency (PostgreSQL; skipped on PGlite: it has a single connection, nothing races)', function () {
  this.timeout(120_000);
  let app: FincoreApp;
  let bank: Bank;
  let holds: Holds;

  before(async () => {
    // Every request here queues on the one source row, so on a busy machine the last wait longer than
    // the default pool and lock timeouts (a 503 to retry, in production). What is under test is the
    // outcome of the race, not its latency: the timeouts are raised so that every request is decided.
    app = await createBankApp({ DB_ACQUIRE_TIMEOUT_MS: '20000', DB_LOCK_TIMEOUT_MS: '20000', DB_STATEMENT_TIMEOUT_MS: '20000' });
    bank = await new Bank(app).init();
    holds = new Holds(bank);
  });
  after(async () => {
    await app.close();
  });

  it(`${RESOLUTIONS} captures and voids racing over ${HOLDS} holds, beside ${TRANSFERS} transfers, ${PLACEMENTS} new holds and sweeps: each hold resolves once`, async () => {
    const owner = await bank.customer();
    const source = await bank.fundedAccount(owner, INITIAL);
    const destinations: AccountBody[] = [];
    for (let i = 0; i < DESTINATIONS; i++) destinations.push(await bank.openAccount(await bank.customer()));
    // New holds toward the source while it is captured from: their foreign key touches its locked row.
    const payerOwner = await bank.customer();
    const payer = await bank.fundedAccount(payerOwner, PLACEMENTS * HELD);
    const ids: string[] = [];
    for (let i = 0; i < HOLDS; i++) {
      ids.push(await holds.placed(owner.authorization, { fromAccountId: source.id, toAccountId: destinations[i % DESTINATIONS].id, amount: HELD, currency: 'BRL' }));
    }
    expect(await holds.balances(source.id)).to.deep.equal({ balance: INITIAL, pendingBalance: HOLDS * HELD, availableBalance: INITIAL - HOLDS * HELD });

    // Deterministic mix: every hold gets RESOLUTIONS / HOLDS attempts, captures of varying amounts and voids.
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const attempts = Array.from({ length: RESOLUTIONS }, (_, i) => ({ hold: i % HOLDS, capture: random() < 0.6, amount: 1 + Math.floor(random() * HELD) }));
    const requests = [
      ...attempts.map((a) =>
        a.capture ? holds.capture(owner.authorization, ids[a.hold], { amount: a.amount }) : holds.void(owner.authorization, ids[a.hold]),
      ),
      ...Array.from({ length: TRANSFERS }, (_, i) =>
        bank.transfer(owner.authorization, { fromAccountId: source.id, toAccountId: destinations[i % DESTINATIONS].id, amount: TRANSFERRED }),
      ),
      ...Array.from({ length: PLACEMENTS }, () =>
        holds.place(payerOwner.authorization, { fromAccountId: payer.id, toAccountId: source.id, amount: HELD }),
      ),
    ];
    const sweeps = Array.from({ length: 3 }, () => runCommand(app, holdsExpireCommand));
    const responses = await Promise.all(requests);
    await Promise.all(sweeps);
    const resolutions = responses.slice(0, RESOLUTIONS);
    const transfers = responses.slice(RESOLUTIONS, RESOLUTIONS + TRANSFERS);
    const placements = responses.slice(RESOLUTIONS + TRANSFERS);
    expect(placements.map((r) => r.status)).to.deep.equal(placements.map(() => 201));
    expect(await holds.balances(payer.id)).to.deep.equal({ balance: PLACEMENTS * HELD, pendingBalance: PLACEMENTS * HELD, availableBalance: 0 });

    expect(responses.filter((r) => r.status >= 500).map((r) => r.text), '5xx').to.deep.equal([]);
    for (const r of resolutions.filter((r) => r.status !== 200)) expect(r.body.code, r.text).to.equal('HOLD_NOT_PENDING');
    for (const r of transfers.filter((r) => r.status !== 201)) expect(r.body.code, r.text).to.equal('INSUFFICIENT_FUNDS');
    const winners = ids.map((_, h) => resolutions.filter((r, i) => attempts[i].hold === h && r.status === 200));
    expect(winners.map((w) => w.length), 'one winner per hold').to.deep.equal(ids.map(() => 1));

    const captured = winners.flat().filter((r) => r.body.status === 'captured');
    const capturedSum = captured.reduce((sum, r) => sum + (r.body.capturedAmount as number), 0);
    const moved = transfers.filter((r) => r.status === 201).length * TRANSFERRED;
    note(
      `holds race: ${resolutions.filter((r) => r.status === 200).length} resolutions won (${captured.length} captures of ${capturedSum}, ` +
        `${HOLDS - captured.length} voids), ${resolutions.filter((r) => r.status === 409).length} answered 409; ` +
        `transfers ${transfers.filter((r) => r.status === 201).length} posted, ${transfers.filter((r) => r.status === 422).length} refused`,
    );

    const after = await holds.balances(source.id);
    expect(after).to.deep.equal({ balance: INITIAL - capturedSum - moved, pendingBalance: 0, availableBalance: INITIAL - capturedSum - moved });
    const received = await Promise.all(destinations.map((d) => bank.balance(d.id)));
    expect(received.reduce((sum, b) => sum + b, 0)).to.equal(capturedSum + moved);
    const rows = await app.db('holds').whereIn('id', ids).select('status', 'capture_transaction_id');
    expect(rows.filter((r) => r.status === 'pending')).to.deep.equal([]);
    const captures = await app.db('ledger_transactions').whereIn('hold_id', ids).count<{ n: string }[]>({ n: '*' });
    expect(Number(captures[0].n)).to.equal(captured.length);

    expect(await bank.integrity()).to.include({ balanced: true });
    const verify = await runCommand(app, ledgerVerifyCommand);
    expect(verify.code, verify.out.join('\n')).to.equal(0);
  });
});
