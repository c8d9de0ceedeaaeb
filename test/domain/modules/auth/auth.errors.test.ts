import { expect } from 'chai';
import { ForbiddenError, UnauthenticatedError } from '../../../../src/domain/modules/auth/auth.errors';
import { DomainError } from '../../../../src/domain/shared/domain-error';

describe('auth errors', () => {
  it('UnauthenticatedError has a stable code and a default message that names no check', () => {
    const error = new UnauthenticatedError();
    expect(error).to.be.instanceOf(DomainError);
    expect(error.code).to.equal('UNAUTHENTICATED');
    expect(error.name).to.equal('UnauthenticatedError');
    expect(error.message).to.equal('A valid access token is required');
  });

  it('UnauthenticatedError keeps a given message', () => {
    expect(new UnauthenticatedError('Invalid credentials').message).to.equal('Invalid credentials');
  });

  it('ForbiddenError has a stable code and a default message', () => {
    const error = new ForbiddenError();
    expect(error).to.be.instanceOf(DomainError);
    expect(error.code).to.equal('FORBIDDEN');
    expect(error.message).to.equal('The caller lacks the permission this operation needs');
  });

  it('ForbiddenError keeps a given message', () => {
    expect(new ForbiddenError('needs ledger:admin').message).to.equal('needs ledger:admin');
  });
});
