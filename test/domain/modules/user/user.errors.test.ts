import { expect } from 'chai';
import {
  CurrentPasswordInvalidError,
  InvalidCpfError,
  UserAlreadyActiveError,
  UserAlreadyExistsError,
  UserAlreadyInactiveError,
  UserNotFoundError,
} from '../../../../src/domain/modules/user/user.errors';
import { DomainError, NotFoundError } from '../../../../src/domain/shared/domain-error';

describe('user errors', () => {
  for (const [make, code, name] of [
    [() => new InvalidCpfError(), 'INVALID_CPF', 'InvalidCpfError'],
    [() => new UserAlreadyExistsError(), 'USER_ALREADY_EXISTS', 'UserAlreadyExistsError'],
    [() => new UserNotFoundError(), 'USER_NOT_FOUND', 'UserNotFoundError'],
    [() => new UserAlreadyInactiveError(), 'USER_ALREADY_INACTIVE', 'UserAlreadyInactiveError'],
    [() => new UserAlreadyActiveError(), 'USER_ALREADY_ACTIVE', 'UserAlreadyActiveError'],
    [() => new CurrentPasswordInvalidError(), 'CURRENT_PASSWORD_INVALID', 'CurrentPasswordInvalidError'],
  ] as [() => DomainError, string, string][]) {
    it(`${name} has the stable code ${code}, its class name and a message`, () => {
      const error = make();
      expect(error).to.be.instanceOf(DomainError).and.instanceOf(Error);
      expect(error.code).to.equal(code);
      expect(error.name).to.equal(name);
      expect(error.message).to.be.a('string').and.not.empty;
    });
  }

  it('UserNotFoundError is a NotFoundError', () => {
    expect(new UserNotFoundError()).to.be.instanceOf(NotFoundError);
  });
});
