import { expect } from 'chai';
import { KeyAlreadyRecordedError } from '../../../../src/domain/modules/financial/idempotency.port';
import { DomainError } from '../../../../src/domain/shared/domain-error';

describe('idempotency port', () => {
  it('KeyAlreadyRecordedError is no domain error: no client is ever answered with it', () => {
    const error = new KeyAlreadyRecordedError();
    expect(error).to.be.instanceOf(Error).and.not.instanceOf(DomainError);
    expect(error.name).to.equal('KeyAlreadyRecordedError');
    expect(error.message).to.be.a('string').and.not.empty;
  });
});
