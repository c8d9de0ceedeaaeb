import { expect } from 'chai';
import type { FincoreApp } from '../../../src/config/composition-root';
import { auditTrail, type AuditLine } from './audit-trail';
import { Bank, aKey, createBankApp } from './bank';

describe('one event line per money movement', () => {
  let app: FincoreApp;
  let bank: Bank;
  let events: AuditLine[];

  before(async () => {
    const trail = auditTrail();
    events = trail.events;
    app = await createBankApp({}, { logger: trail.logger });
    bank = await new Bank(app).init();
  });
  after(() => app.close());

  it('deposit, transfer and withdrawal each write type, transaction, accounts, amount, currency, actor and request id; a replay writes none', async () => {
    const alice = await bank.customer();
    const from = await bank.fundedAccount(alice, 2_000);
    const to = await bank.openAccount(alice);
    const key = aKey();
    const transfer = await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 700 }, key);
    expect(transfer.status, transfer.text).to.equal(201);
    expect((await bank.transfer(alice.authorization, { fromAccountId: from.id, toAccountId: to.id, amount: 700 }, key)).headers['idempotent-replayed']).to.equal('true');
    const withdrawal = await bank.withdraw(alice.authorization, from.id, { amount: 300 });
    expect(withdrawal.status, withdrawal.text).to.equal(201);

    const movements = events.filter((e) => ['ledger.deposit', 'ledger.transfer', 'ledger.withdrawal'].includes(e.type));
    expect(movements.map((e) => [e.type, e.amount, e.currency])).to.deep.equal([
      ['ledger.deposit', '2000', 'BRL'],
      ['ledger.transfer', '700', 'BRL'],
      ['ledger.withdrawal', '300', 'BRL'],
    ]);
    const line = movements[1];
    expect(line).to.include({ target: `transaction:${transfer.body.id}`, actor: `user:${alice.id}`, requestId: transfer.headers['x-request-id'] });
    expect(String(line.accounts).split(',').sort()).to.deep.equal([from.id, to.id].sort());
  });
});
