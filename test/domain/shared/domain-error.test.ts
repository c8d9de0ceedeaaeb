import { expect } from 'chai';
import { ConcurrencyConflictError, DatabaseBusyError, DatabaseUnavailableError, DomainError, ValidationError } from '../../../src/domain/shared/domain-error';

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

  it('the database unavailable or busy: stable codes, and the caller is asked to retry', () => {
    const unavailable = new DatabaseUnavailableError();
    const busy = new DatabaseBusyError();
    expect(unavailable).to.be.instanceOf(DomainError);
    expect(busy).to.be.instanceOf(DomainError);
    expect(unavailable.code).to.equal('DATABASE_UNAVAILABLE');
    expect(busy.code).to.equal('DATABASE_BUSY');
    expect(unavailable.message).to.match(/retry/);
    expect(busy.message).to.match(/retry/);
  });
});
