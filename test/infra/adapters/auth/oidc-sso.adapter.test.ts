import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import pino from 'pino';
import { SsoLoginRefusedError, SsoUnavailableError } from '../../../../src/domain/modules/auth/auth.errors';
import { OidcSsoAdapter } from '../../../../src/infra/adapters/auth/oidc-sso.adapter';
import { type RemoteJwksOptions, RemoteJwksKeySet } from '../../../../src/infra/adapters/auth/remote-jwks.key-set';
import { forgeJwt, hs256 } from '../../../helpers/jwt-forge';
import { OidcStandIn } from '../../../helpers/oidc-provider';
import { rejectionOf } from '../../../doubles/rejection';

const logger = pino({ level: 'silent' });

describe('OidcSsoAdapter against a local OpenID provider', () => {
  let provider: OidcStandIn;
  let clockMs: number;

  const adapterFor = (options: Partial<RemoteJwksOptions> = {}) =>
    new OidcSsoAdapter(
      { issuer: provider.issuer, audience: provider.audience },
      new RemoteJwksKeySet({ url: provider.jwksUrl, timeoutMs: 1000, maxAgeMs: 60_000, unknownKidCooldownMs: 5_000, ...options }, logger, () => clockMs),
      logger,
    );

  beforeEach(async () => {
    provider = await OidcStandIn.start();
    clockMs = Date.now();
  });
  afterEach(async () => {
    await provider.close();
  });

  it('verifies a good ID token and returns the identity', async () => {
    const identity = await adapterFor().verify(provider.idToken({ email: ' Ana@Example.COM ', email_verified: true, cpf: '529.982.247-25' }));
    expect(identity).to.deep.equal({
      issuer: provider.issuer,
      subject: 'sso-subject-1',
      email: 'ana@example.com',
      emailVerified: true,
      cpf: '529.982.247-25',
    });
  });

  it('reads missing or odd optional claims as absent / unverified', async () => {
    const identity = await adapterFor().verify(provider.idToken({ email_verified: 'true', cpf: 52998224725 }));
    expect(identity).to.include({ email: null, emailVerified: false, cpf: null });
  });

  it('caches the keys: many verifications, one JWKS fetch', async () => {
    const adapter = adapterFor();
    for (let i = 0; i < 5; i++) await adapter.verify(provider.idToken());
    expect(provider.jwksRequests).to.equal(1);
  });

  it('concurrent first verifications share one fetch', async () => {
    const adapter = adapterFor();
    await Promise.all(Array.from({ length: 5 }, () => adapter.verify(provider.idToken())));
    expect(provider.jwksRequests).to.equal(1);
  });

  it('re-fetches once on an unknown kid (key rotation) and then accepts the new key', async () => {
    const adapter = adapterFor();
    await adapter.verify(provider.idToken());
    provider.rotateKeys();
    expect((await adapter.verify(provider.idToken())).subject).to.equal('sso-subject-1');
    expect(provider.jwksRequests).to.equal(2);
  });

  it('an unknown kid is refused after one re-fetch, and junk kids do not hammer the provider', async () => {
    const adapter = adapterFor();
    await adapter.verify(provider.idToken());
    for (let i = 0; i < 5; i++) {
      expect(await rejectionOf(adapter.verify(provider.idToken({}, { header: { kid: `junk-${i}` } })))).to.be.instanceOf(SsoLoginRefusedError);
    }
    expect(provider.jwksRequests).to.equal(2);
    clockMs += 6_000;
    await rejectionOf(adapter.verify(provider.idToken({}, { header: { kid: 'junk-later' } })));
    expect(provider.jwksRequests).to.equal(3);
  });

  it('keys are re-read once older than their maximum age; stale keys serve while the provider is down', async () => {
    const adapter = adapterFor();
    await adapter.verify(provider.idToken());
    clockMs += 61_000;
    await adapter.verify(provider.idToken());
    expect(provider.jwksRequests).to.equal(2);
    provider.behaviour = 'fail';
    clockMs += 61_000;
    expect((await adapter.verify(provider.idToken())).subject).to.equal('sso-subject-1');
    expect(provider.jwksRequests).to.equal(3);
  });

  it('a token without kid is verified with the only key; with several keys it is refused', async () => {
    const adapter = adapterFor();
    expect((await adapter.verify(provider.idToken({}, { header: { kid: undefined } }))).subject).to.equal('sso-subject-1');
    provider.rotateKeys();
    clockMs += 61_000;
    expect(await rejectionOf(adapter.verify(provider.idToken({}, { header: { kid: undefined } })))).to.be.instanceOf(SsoLoginRefusedError);
  });

  describe('refuses', () => {
    const cases: [string, () => string][] = [
      ['a bad signature', () => provider.idToken({}, { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey })],
      ['another issuer', () => provider.idToken({ iss: 'https://evil.example' })],
      ['another audience', () => provider.idToken({ aud: 'someone-else' })],
      ['an expired token', () => provider.idToken({ exp: Math.floor(Date.now() / 1000) - 120 })],
      ['a token without exp', () => provider.idToken({ exp: undefined })],
      ['a token without subject', () => provider.idToken({ sub: undefined })],
      ['alg none', () => provider.idToken({}, { header: { alg: 'none' } }).replace(/[^.]+$/, '')],
      ['HS256 signed with the provider public key', () => forgeJwt({ alg: 'HS256', kid: provider.currentKid }, { iss: provider.issuer, aud: provider.audience, sub: 'x', exp: 9e9 }, hs256(provider.publicKeyPem))],
      ['a kid that is not a string', () => provider.idToken({}, { header: { kid: 12 } })],
      ['garbage', () => 'not.a.jwt'],
    ];
    for (const [name, token] of cases) {
      it(name, async () => {
        expect(await rejectionOf(adapterFor().verify(token()))).to.be.instanceOf(SsoLoginRefusedError);
      });
    }
  });

  describe('an unreachable provider is unavailable (503), never a hang', () => {
    it('connection refused', async () => {
      const url = provider.jwksUrl;
      const token = provider.idToken();
      await provider.close();
      const adapter = new OidcSsoAdapter(
        { issuer: 'x', audience: 'y' },
        new RemoteJwksKeySet({ url, timeoutMs: 1000, maxAgeMs: 60_000, unknownKidCooldownMs: 0 }, logger),
        logger,
      );
      expect(await rejectionOf(adapter.verify(token))).to.be.instanceOf(SsoUnavailableError);
      provider = await OidcStandIn.start();
    });

    it('a provider that never answers is given up after the timeout', async () => {
      provider.behaviour = 'hang';
      expect(await rejectionOf(adapterFor({ timeoutMs: 200 }).verify(provider.idToken()))).to.be.instanceOf(SsoUnavailableError);
    });

    it('an HTTP error or a body without keys', async () => {
      provider.behaviour = 'fail';
      expect(await rejectionOf(adapterFor().verify(provider.idToken()))).to.be.instanceOf(SsoUnavailableError);
      provider.behaviour = 'garbage';
      expect(await rejectionOf(adapterFor().verify(provider.idToken()))).to.be.instanceOf(SsoUnavailableError);
    });

    it('an unknown kid while the provider is down: unavailable, not refused (it may be a new key)', async () => {
      const adapter = adapterFor();
      await adapter.verify(provider.idToken());
      provider.behaviour = 'fail';
      expect(await rejectionOf(adapter.verify(provider.idToken({}, { header: { kid: 'new-key' } })))).to.be.instanceOf(SsoUnavailableError);
    });
  });
});
