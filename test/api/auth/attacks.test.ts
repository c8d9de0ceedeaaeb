import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { rsaThumbprint } from '../../../src/infra/security/jwt/key-material';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { accessClaims, forgeJwt, hs256, rs256, testSigningKey } from '../../helpers/jwt-forge';
import { asService, asUser } from '../../helpers/tokens';

// Many logins from one address in a few seconds: lift the per-IP credential limit (rate-limit.test.ts covers it).
const GENEROUS_LIMITS = { RATE_LIMIT_PER_MINUTE: '100000' };

const PASSWORD = 'correct horse battery staple';
const now = () => Math.floor(Date.now() / 1000);

/**
 * Forged and misused tokens against a route that changes data. Every attempt must be a 401
 * problem with `WWW-Authenticate: Bearer`, and must leave the data exactly as it was.
 */
describe('attacks on authentication', () => {
  let app: FincoreApp;
  let victim: { cpf: string; id: number };
  const key = testSigningKey();
  const ours = rs256(key.privateKey);
  const header = (extra: Record<string, unknown> = {}) => ({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...extra });
  // Claims that would make the forger an admin acting as the victim, if anything were accepted.
  const asVictim = (extra: Record<string, unknown> = {}) => accessClaims({ sub: String(victim.id), role: 'admin', ...extra });

  async function snapshot() {
    const [user, tokens, families] = await Promise.all([
      app.db('users').where({ id: victim.id }).first('name', 'email', 'password_hash', 'role', 'is_active', 'updated_at'),
      app.db('refresh_tokens').select('id', 'used_at').orderBy('id'),
      app.db('refresh_token_families').select('id', 'revoked_at').orderBy('id'),
    ]);
    return { user, tokens, families };
  }

  async function expectRefused(res: request.Response) {
    expect(res.status, res.text).to.equal(401);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).to.equal('Bearer');
    expect(res.body.status).to.equal(401);
  }

  /** Tries the token on a write (PATCH) and a read; both refused, nothing changed. */
  async function attack(token: string) {
    const before = await snapshot();
    await expectRefused(
      await request(app.http).patch(`/v1/users/${victim.cpf}`).set('Authorization', `Bearer ${token}`).send({ name: 'Owned By Attacker', password: 'attacker chosen pass' }),
    );
    await expectRefused(await request(app.http).get(`/v1/users/${victim.cpf}`).set('Authorization', `Bearer ${token}`));
    expect(await snapshot()).to.deep.equal(before);
  }

  before(async function () {
    // Two argon2 computations and a fresh embedded database: slow on a loaded 2-core machine.
    this.timeout(60_000);
    app = await createTestApp(GENEROUS_LIMITS);
    const cpf = aCpf();
    const res = await request(app.http).post('/v1/users').send({ cpf, name: 'Vera Victim', email: `v${cpf}@example.com`, password: PASSWORD });
    victim = { cpf, id: res.body.id };
    // A live session, so that "nothing changed" also covers refresh tokens.
    expect((await request(app.http).post('/v1/auth/login').send({ cpf, password: PASSWORD })).status).to.equal(200);
  });
  after(async () => {
    await app.close();
  });

  it('control: a genuine token of the victim does change the record', async () => {
    const res = await request(app.http).get(`/v1/users/${victim.cpf}`).set('Authorization', asUser(app, victim.id));
    expect(res.status).to.equal(200);
  });

  for (const alg of ['none', 'None', 'nOnE', 'NONE']) {
    it(`alg "${alg}" (unsigned)`, async () => {
      await attack(forgeJwt(header({ alg }), asVictim()));
    });
  }

  it('HS256 signed with our public key PEM as the HMAC secret', async () => {
    await attack(forgeJwt(header({ alg: 'HS256' }), asVictim(), hs256(key.publicPem)));
  });

  it('expired (beyond the 30 s tolerance)', async () => {
    await attack(forgeJwt(header(), asVictim({ iat: now() - 1000, exp: now() - 60 }), ours));
  });

  it('not yet valid (nbf in the future)', async () => {
    await attack(forgeJwt(header(), asVictim({ nbf: now() + 300 }), ours));
  });

  it('wrong issuer', async () => {
    await attack(forgeJwt(header(), asVictim({ iss: 'https://evil.example' }), ours));
  });

  it('wrong audience', async () => {
    await attack(forgeJwt(header(), asVictim({ aud: 'another-service' }), ours));
  });

  it('tampered payload (a genuine customer token turned into the victim as admin)', async () => {
    const [h, , s] = asUser(app, 424242).slice('Bearer '.length).split('.');
    await attack(`${h}.${Buffer.from(JSON.stringify(asVictim())).toString('base64url')}.${s}`);
  });

  it('unknown kid', async () => {
    await attack(forgeJwt(header({ kid: 'some-other-key' }), asVictim(), ours));
  });

  for (const kid of ["' OR '1'='1' --", '../../../../etc/passwd', '../../.data/jwt-private.pem', '%00', 'kid\u0000null']) {
    it(`kid with SQL or path characters: ${JSON.stringify(kid)}`, async () => {
      await attack(forgeJwt(header({ kid }), asVictim(), ours));
    });
  }

  it('jku pointing at the attacker keys (signed with the attacker key, kid of the attacker key)', async () => {
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = forgeJwt(header({ jku: 'http://127.0.0.1:9/jwks.json', kid: rsaThumbprint(attacker.publicKey) }), asVictim(), rs256(attacker.privateKey));
    await attack(token);
    // Even with our own signature, a token carrying jku is refused.
    await attack(forgeJwt(header({ jku: 'http://127.0.0.1:9/jwks.json' }), asVictim(), ours));
  });

  it('embedded jwk / x5c / x5u headers', async () => {
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await attack(forgeJwt(header({ jwk: attacker.publicKey.export({ format: 'jwk' }) }), asVictim(), rs256(attacker.privateKey)));
    await attack(forgeJwt(header({ x5c: ['MIIB'] }), asVictim(), ours));
    await attack(forgeJwt(header({ x5u: 'http://127.0.0.1:9/cert.pem' }), asVictim(), ours));
  });

  it('a service token where a user token is required (service claims with the victim id as subject)', async () => {
    await attack(forgeJwt(header(), asVictim({ token_use: 'service' }), ours));
  });

  it('a user token where a service token is required (user claims with a client id and scopes)', async () => {
    await attack(forgeJwt(header(), accessClaims({ token_use: 'user', sub: 'svc_crm', scope: 'users:write users:read', role: undefined }), ours));
  });

  it('a service access token presented as a refresh token', async () => {
    const before = await snapshot();
    const res = await request(app.http).post('/v1/auth/refresh').send({ refreshToken: asService(app, 'users:write').slice('Bearer '.length) });
    await expectRefused(res);
    expect(await snapshot()).to.deep.equal(before);
  });

  it('a refresh token presented as an access token', async () => {
    const pair = (await request(app.http).post('/v1/auth/login').send({ cpf: victim.cpf, password: PASSWORD })).body;
    await expectRefused(await request(app.http).get(`/v1/users/${victim.cpf}`).set('Authorization', `Bearer ${pair.refreshToken}`));
  });

  it('a token signed by a stranger key under our kid', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await attack(forgeJwt(header(), asVictim(), rs256(stranger)));
  });

  it('malformed Authorization headers', async () => {
    for (const value of ['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a.b', 'Bearer a.b.c.d', `Bearer  ${asUser(app, victim.id).slice(7)}`, 'Token abc']) {
      await expectRefused(await request(app.http).get(`/v1/users/${victim.cpf}`).set('Authorization', value));
    }
  });

  it("a deactivated user's refresh token gets nothing (no new pair, no new rows)", async () => {
    const cpf = aCpf();
    const created = await request(app.http).post('/v1/users').send({ cpf, name: 'Dora Gone', email: `d${cpf}@example.com`, password: PASSWORD });
    const pair = (await request(app.http).post('/v1/auth/login').send({ cpf, password: PASSWORD })).body;
    expect((await request(app.http).post(`/v1/users/${cpf}/deactivate`).set('Authorization', asUser(app, created.body.id))).status).to.equal(200);
    const tokensBefore = await app.db('refresh_tokens').count<{ n: string }[]>('* as n');
    await expectRefused(await request(app.http).post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken }));
    expect(await app.db('refresh_tokens').count<{ n: string }[]>('* as n')).to.deep.equal(tokensBefore);
    expect((await request(app.http).post('/v1/auth/login').send({ cpf, password: PASSWORD })).status).to.equal(401);
  });
});
