import { expect } from 'chai';
import sinon from 'sinon';
import type { IPasswordHasher } from '../../../src/domain/modules/user/password-hasher.port';
import { Password } from '../../../src/domain/modules/user/password.value-object';
import { Argon2PasswordHasher } from '../../../src/infra/security/argon2-password.hasher';
import { PasswordCredentialVerifier } from '../../../src/infra/security/password-credential.verifier';

describe('PasswordCredentialVerifier', () => {
  const argon2 = new Argon2PasswordHasher();

  it('checks the candidate against the stored hash', async () => {
    const verifier = new PasswordCredentialVerifier(argon2);
    const stored = await argon2.hash(Password.parse('the stored password'));
    expect(await verifier.verify(stored, 'the stored password')).to.equal(true);
    expect(await verifier.verify(stored, 'another password')).to.equal(false);
  });

  it('without a stored hash still runs one real verification (same cost), against a dummy of the same parameters, and says no', async () => {
    const hasher = { hash: sinon.spy((p: Password) => argon2.hash(p)), verify: sinon.spy((h: string, c: string) => argon2.verify(h, c)) } satisfies IPasswordHasher;
    const verifier = new PasswordCredentialVerifier(hasher);
    expect(await verifier.verify(null, 'any password at all')).to.equal(false);
    expect(hasher.verify.callCount).to.equal(1);
    const [dummy, candidate] = hasher.verify.firstCall.args;
    expect(candidate).to.equal('any password at all');
    // The dummy carries the hasher's own argon2id parameters, so verifying it costs what a real check costs.
    const real = await argon2.hash(Password.parse('some real password'));
    expect(dummy.split('$').slice(0, 4)).to.deep.equal(real.split('$').slice(0, 4));
  });

  it('hashes its dummy once, when built, not on each miss', async () => {
    const hasher = { hash: sinon.spy((p: Password) => argon2.hash(p)), verify: sinon.spy((h: string, c: string) => argon2.verify(h, c)) } satisfies IPasswordHasher;
    const verifier = new PasswordCredentialVerifier(hasher);
    expect(hasher.hash.callCount).to.equal(1);
    await verifier.verify(null, 'first miss');
    await verifier.verify(null, 'second miss');
    expect(hasher.hash.callCount).to.equal(1);
  });
});
