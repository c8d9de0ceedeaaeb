import { expect } from 'chai';
import { Money } from '../../../../src/domain/modules/financial/money.value-object';
import { DomainError } from '../../../../src/domain/shared/domain-error';
import { anAccount } from '../../../builders/account.builder';
import { BALANCE_RULE_CASES, expectedAfter, liveHeld } from '../../../cases/balance-rules.cases';

const NOW = new Date('2026-05-06T07:08:09Z');

/** The entity's side of the shared balance-rule table (the database's side: test/infra/.../balance-rules.test.ts). */
describe('balance rules, on the Account entity', () => {
  for (const rule of BALANCE_RULE_CASES) {
    it(`${rule.name}: ${rule.outcome}`, () => {
      const account = anAccount().withBalance(rule.balance).holding(liveHeld(rule)).withStatus(rule.status).build();
      const money = Money.of(rule.amount, 'BRL');
      let outcome = 'ok';
      try {
        if (rule.operation === 'debit') account.debit(money, NOW);
        else if (rule.operation === 'reserve') account.reserve(money, NOW);
        else account.credit(money, NOW);
      } catch (error) {
        outcome = error instanceof DomainError ? error.code : `not a domain error: ${String(error)}`;
      }
      expect(outcome).to.equal(rule.outcome);
      const expected = expectedAfter(rule);
      expect(account.balance.amount).to.equal(expected.balance);
      expect(account.pendingBalance.amount).to.equal(expected.pending);
      expect(account.availableBalance.amount).to.equal(expected.balance - expected.pending);
    });
  }
});
