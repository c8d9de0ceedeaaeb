import { expect } from 'chai';
import { ConcurrencyConflictError, DomainError, ValidationError } from '../../../src/domain/shared/domain-error';

describe('domain errors', () => {
  it('ValidationError names the field, has a stable code and keeps the message', () => {
    const error = new ValidationError('email', 'must be valid');
    expect(error).to.be.instanceOf(DomainError);
    expect(error.field).to.equal('email');
    expect(error.code).to.equal('VALIDATION_FAILED');
    expect(error.message).to.equal('must be valid');
    expect(error.name).to.equal('ValidationError');
  });

  it('ConcurrencyConflictError asks the caller to retry', () => {
    const error = new ConcurrencyConflictError();
    expect(error).to.be.instanceOf(DomainError);
    expect(error.code).to.equal('CONCURRENCY_CONFLICT');
    expect(error.message).to.match(/retry/);
  });
});
