import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { OidcStandIn } from '../../helpers/oidc-provider';
import { asUser } from '../../helpers/tokens';
import { type StoredUser, storeAdmin } from '../../helpers/users';
import { closedPort } from '../../helpers/net';

// Many logins from one address in a few seconds: lift the per-IP credential limit (rate-limit.test.ts covers it).
const GENEROUS_LIMITS = { RATE_LIMIT_PER_MINUTE: '100000' };

describe('POST /v1/auth/sso (OpenID Connect ID tokens)', () => {
  let provider: OidcStandIn;
  let app: FincoreApp;
  let admin: StoredUser;
  let subjects = 0;
  // A new person at the provider for every token: a first login links its subject for good.
  const idToken = (claims: Record<string, unknown> = {}, options: Parameters<OidcStandIn['idToken']>[1] = {}) =>
    provider.idToken({ sub: `person-${++subjects}`, ...claims }, options);

  const sso = (idToken: string, on: FincoreApp = app) => request(on.http).post('/v1/auth/sso').send({ idToken });
  const counts = async () => ({
    users: Number((await app.db('users').count<{ n: string }[]>('* as n'))[0].n),
    families: Number((await app.db('refresh_token_families').count<{ n: string }[]>('* as n'))[0].n),
  });

  /** Created by an admin, who vouches for the CPF and e-mail (sso-linking.test.ts covers the other users). */
  async function register(): Promise<{ cpf: string; email: string; id: number }> {
    const cpf = aCpf();
    const email = `sso.${cpf}@example.com`;
    const res = await request(app.http).post('/v1/users').set('Authorization', admin.authorization).send({ cpf, name: 'Sofia Single', email });
    return { cpf, email, id: res.body.id };
  }

  async function expectRefused(res: request.Response) {
    expect(res.status, res.text).to.equal(401);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).to.equal('Bearer');
    expect(res.body.code).to.equal('SSO_LOGIN_REFUSED');
  }

  before(async () => {
    provider = await OidcStandIn.start();
    app = await createTestApp({ ...provider.env(), ...GENEROUS_LIMITS });
    admin = await storeAdmin(app);
  });
  after(async () => {
    await app.close();
    await provider.close();
  });

  it('a good token with a known cpf claim logs the user in (a token pair, working at once)', async () => {
    const user = await register();
    const res = await sso(idToken({ cpf: user.cpf }));
    expect(res.status).to.equal(200);
    expect(res.body).to.have.all.keys('accessToken', 'refreshToken', 'tokenType', 'expiresIn');
    expect(res.headers['cache-control']).to.equal('no-store');
    const me = await request(app.http).get(`/v1/users/${user.cpf}`).set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).to.equal(200);
    expect(me.body.id).to.equal(user.id);
    expect((await request(app.http).post('/v1/auth/refresh').send({ refreshToken: res.body.refreshToken })).status).to.equal(200);
  });

  it('the cpf claim may be formatted', async () => {
    const { cpf } = await register();
    const formatted = `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
    expect((await sso(idToken({ cpf: formatted }))).status).to.equal(200);
  });

  it('without a cpf claim, a verified email identifies the user (case-insensitively)', async () => {
    const user = await register();
    const res = await sso(idToken({ email: user.email.toUpperCase(), email_verified: true }));
    expect(res.status).to.equal(200);
  });

  it('an unverified email identifies nobody', async () => {
    const user = await register();
    await expectRefused(await sso(idToken({ email: user.email })));
    await expectRefused(await sso(idToken({ email: user.email, email_verified: false })));
  });

  it('a cpf claim decides alone: an unknown cpf is refused even when the verified email is known', async () => {
    const user = await register();
    await expectRefused(await sso(idToken({ cpf: aCpf(), email: user.email, email_verified: true })));
  });

  it('an unknown identity is refused and no account is created', async () => {
    const before = await counts();
    await expectRefused(await sso(idToken({ cpf: aCpf() })));
    await expectRefused(await sso(idToken({ email: 'nobody.here@example.com', email_verified: true })));
    await expectRefused(await sso(idToken({ cpf: 'not-a-cpf' })));
    expect(await counts()).to.deep.equal(before);
  });

  it('an azp naming this service is accepted', async () => {
    const { cpf } = await register();
    expect((await sso(idToken({ cpf, azp: provider.audience }))).status).to.equal(200);
  });

  it('an inactive user is refused', async () => {
    const user = await register();
    await request(app.http).post(`/v1/users/${user.cpf}/deactivate`).set('Authorization', asUser(app, user.id));
    await expectRefused(await sso(idToken({ cpf: user.cpf })));
  });

  describe('bad tokens of a known user are refused, and open no session', () => {
    let user: { cpf: string };
    before(async () => {
      user = await register();
    });
    const cases: [string, () => string][] = [
      ['a bad signature', () => idToken({ cpf: user.cpf }, { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey })],
      ['another issuer', () => idToken({ cpf: user.cpf, iss: 'https://impostor.example' })],
      ['another audience', () => idToken({ cpf: user.cpf, aud: 'some-other-client' })],
      ['issued to another client that lists us in aud (azp)', () => idToken({ cpf: user.cpf, aud: [provider.audience, 'some-other-client'], azp: 'some-other-client' })],
      ['a subject longer than OpenID Connect allows', () => idToken({ cpf: user.cpf, sub: 's'.repeat(256) })],
      ['an expired token', () => idToken({ cpf: user.cpf, iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 600 })],
      ['alg none', () => idToken({ cpf: user.cpf }, { header: { alg: 'none' } }).replace(/[^.]+$/, '')],
      ['an unknown kid', () => idToken({ cpf: user.cpf }, { header: { kid: 'rotated-away' } })],
    ];
    for (const [name, token] of cases) {
      it(name, async () => {
        const before = await counts();
        await expectRefused(await sso(token()));
        expect(await counts()).to.deep.equal(before);
      });
    }
  });

  it('a malformed body is a 400', async () => {
    expect((await request(app.http).post('/v1/auth/sso').send({})).status).to.equal(400);
    expect((await request(app.http).post('/v1/auth/sso').send({ idToken: 'x', extra: true })).status).to.equal(400);
  });

  describe('an unreachable identity provider', () => {
    it('connection refused: 503 problem with Retry-After, at once', async () => {
      const down = await createTestApp({ ...provider.env(), SSO_JWKS_URL: `http://127.0.0.1:${await closedPort()}/jwks` });
      try {
        const res = await sso(idToken({ cpf: aCpf() }), down);
        expect(res.status).to.equal(503);
        expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
        expect(res.headers['retry-after']).to.equal('5');
        expect(res.body.code).to.equal('SSO_UNAVAILABLE');
      } finally {
        await down.close();
      }
    });

    it('a provider that never answers: 503 after the fetch timeout, not a hung request', async () => {
      const silent = await OidcStandIn.start();
      silent.behaviour = 'hang';
      const hung = await createTestApp(silent.env());
      try {
        const res = await sso(silent.idToken({ cpf: aCpf() }), hung);
        expect(res.status).to.equal(503);
        expect(res.body.code).to.equal('SSO_UNAVAILABLE');
      } finally {
        await hung.close();
        await silent.close();
      }
    });
  });

  it('without SSO configuration the route answers 501', async () => {
    const plain = await createTestApp();
    try {
      const res = await sso(idToken({ cpf: aCpf() }), plain);
      expect(res.status).to.equal(501);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.code).to.equal('SSO_NOT_CONFIGURED');
    } finally {
      await plain.close();
    }
  });
});
