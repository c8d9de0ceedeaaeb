import { expect } from 'chai';
import {
  ForbiddenError,
  InvalidClientError,
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  InvalidScopeError,
  ServiceClientAlreadyDisabledError,
  ServiceClientNotFoundError,
  SsoIdentityInUseError,
  SsoIdentityMismatchError,
  SsoLoginRefusedError,
  SsoNotConfiguredError,
  SsoUnavailableError,
  UnauthenticatedError,
} from '../../../../src/domain/modules/auth/auth.errors';
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

  const fixed: [DomainError, string][] = [
    [new InvalidCredentialsError(), 'INVALID_CREDENTIALS'],
    [new InvalidRefreshTokenError(), 'INVALID_REFRESH_TOKEN'],
    [new SsoLoginRefusedError(), 'SSO_LOGIN_REFUSED'],
    [new SsoNotConfiguredError(), 'SSO_NOT_CONFIGURED'],
    [new SsoIdentityInUseError(), 'SSO_IDENTITY_IN_USE'],
    [new SsoIdentityMismatchError(), 'SSO_IDENTITY_MISMATCH'],
    [new SsoUnavailableError(), 'SSO_UNAVAILABLE'],
    [new InvalidClientError(), 'INVALID_CLIENT'],
    [new InvalidScopeError(), 'INVALID_SCOPE'],
    [new ServiceClientNotFoundError(), 'SERVICE_CLIENT_NOT_FOUND'],
    [new ServiceClientAlreadyDisabledError(), 'SERVICE_CLIENT_DISABLED'],
  ];
  for (const [error, code] of fixed) {
    it(`${error.name} has the stable code ${code} and a message`, () => {
      expect(error).to.be.instanceOf(DomainError);
      expect(error.code).to.equal(code);
      expect(error.message).to.be.a('string').and.not.equal('');
    });
  }

  it('InvalidCredentialsError does not say whether the CPF or the password was wrong', () => {
    expect(new InvalidCredentialsError().message).to.equal('The CPF or password is incorrect');
  });

  it('InvalidScopeError keeps a given message', () => {
    expect(new InvalidScopeError('Unknown scope "x"').message).to.equal('Unknown scope "x"');
  });
});
