import { expect } from 'chai';
import { isRetryableConflict, isUniqueViolation, sqlState } from '../../../../src/infra/database/knex/pg-errors';

const pgError = (code: unknown, constraint?: string) => Object.assign(new Error('x'), { code, constraint });

describe('pg-errors', () => {
  it('sqlState reads a string code, and nothing else', () => {
    expect(sqlState(pgError('23505'))).to.equal('23505');
    expect(sqlState(pgError(23505))).to.equal(undefined);
    expect(sqlState(new Error('no code'))).to.equal(undefined);
    expect(sqlState(null)).to.equal(undefined);
    expect(sqlState('40001')).to.equal(undefined);
  });

  it('serialization failures and deadlocks are retryable; other errors are not', () => {
    expect(isRetryableConflict(pgError('40001'))).to.equal(true);
    expect(isRetryableConflict(pgError('40P01'))).to.equal(true);
    expect(isRetryableConflict(pgError('23505'))).to.equal(false);
    expect(isRetryableConflict(new Error('40001'))).to.equal(false);
  });

  it('isUniqueViolation optionally checks the constraint name', () => {
    expect(isUniqueViolation(pgError('23505', 'users_cpf_unique'))).to.equal(true);
    expect(isUniqueViolation(pgError('23505', 'users_cpf_unique'), 'users_cpf_unique')).to.equal(true);
    expect(isUniqueViolation(pgError('23505', 'users_email_unique'), 'users_cpf_unique')).to.equal(false);
    expect(isUniqueViolation(pgError('23514', 'users_cpf_unique'))).to.equal(false);
  });
});
