import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { Money } from '../../../../../../src/domain/modules/financial/money.value-object';
import { DomainError } from '../../../../../../src/domain/shared/domain-error';
import { KnexDbContext } from '../../../../../../src/infra/database/knex/knex-db-context';
import { KnexAccountRepository } from '../../../../../../src/infra/database/knex/modules/financial/knex-account.repository';
import { anAccount } from '../../../../../builders/account.builder';
import { BALANCE_RULE_CASES, expectedAfter, type BalanceRuleCase } from '../../../../../cases/balance-rules.cases';
import { aCpf } from '../../../../../helpers/cpf';
import { createTestDatabase, resetDatabase } from '../../../../../helpers/database';

const NOW = new Date('2026-05-06T07:08:09Z');

/**
 * The database's side of the shared balance-rule table (the entity's side:
 * test/domain/modules/financial/balance-rules.test.ts). The conditional UPDATE refuses without
 * saying why, as in production; the poster then asks the entity, on the row as it is, which rule
 * refused. Both must agree with the table.
 */
describe('balance rules, in the database', () => {
  let db: Knex;
  let accounts: KnexAccountRepository;
  let ownerId: number;

  before(async () => {
    db = await createTestDatabase();
    await resetDatabase(db);
    accounts = new KnexAccountRepository(new KnexDbContext(db));
    const cpf = aCpf();
    [{ id: ownerId }] = await db('users').insert({ cpf, name: 'Owner', email: `owner.${cpf}@example.com` }).returning('id');
  });
  after(() => db.destroy());

  for (const rule of BALANCE_RULE_CASES) {
    it(`${rule.name}: ${rule.outcome}`, async () => {
      const account = await accounts.create(anAccount().ownedBy(ownerId).withBalance(rule.balance).withStatus(rule.status).build());
      await hold(account.id, rule);
      const money = Money.of(rule.amount, 'BRL');
      let outcome: string;
      try {
        const after =
          rule.operation === 'debit'
            ? await accounts.debit(account.id, money, NOW)
            : rule.operation === 'reserve'
              ? await accounts.reserve(account.id, money, NOW)
              : await accounts.credit(account.id, money, NOW);
        outcome = after ? 'ok' : await refusalExplainedByEntity(account.id, rule.operation, money);
      } catch (error) {
        outcome = error instanceof DomainError ? error.code : `not a domain error: ${String(error)}`;
      }
      expect(outcome).to.equal(rule.outcome);
      const expected = expectedAfter(rule);
      const row = await db('accounts').where({ id: account.id }).first();
      expect(BigInt(row.balance)).to.equal(expected.balance);
      // The debit or hold released an expired hold first; a refused one left it as it was (reads skip it).
      if (rule.outcome === 'ok' || !rule.heldExpired) expect(BigInt(row.pending_balance)).to.equal(expected.pending);
    });
  }

  /** The rule's held money, as a pending hold to another account (expired before NOW when the rule says so). */
  async function hold(accountId: string, rule: BalanceRuleCase): Promise<void> {
    if (!rule.held) return;
    const to = await accounts.create(anAccount().ownedBy(ownerId).build());
    const expiresAt = rule.heldExpired ? new Date(NOW.getTime() - 1_000) : new Date('2100-01-01T00:00:00Z');
    await db('holds').insert({
      id: randomUUID(),
      from_account_id: accountId,
      to_account_id: to.id,
      currency: 'BRL',
      amount: rule.held.toString(),
      status: 'pending',
      expires_at: expiresAt,
      created_at: new Date(expiresAt.getTime() - 60_000),
    });
    await db('accounts').where({ id: accountId }).update({ pending_balance: rule.held.toString() });
  }

  /** What LedgerPoster does with a refusal: the entity, on the row as stored, names the rule. */
  async function refusalExplainedByEntity(id: string, operation: BalanceRuleCase['operation'], money: Money): Promise<string> {
    const stored = (await accounts.findById(id))!;
    try {
      if (operation === 'debit') stored.debit(money, NOW);
      else if (operation === 'reserve') stored.reserve(money, NOW);
      else stored.credit(money, NOW);
    } catch (error) {
      return error instanceof DomainError ? error.code : String(error);
    }
    return 'refused by the database although the entity allows it';
  }
});
