import { Writable } from 'node:stream';
import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { KnexDbContext } from '../../../src/infra/database/knex/knex-db-context';
import { KnexServiceClientRepository } from '../../../src/infra/database/knex/modules/auth/knex-service-client.repository';
import { registerServiceClient } from '../../../src/infra/services/auth/service-client.registration';
import { createLogger } from '../../../src/infra/platform/logger';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { OidcStandIn } from '../../helpers/oidc-provider';
import { type StoredUser, storeAdmin } from '../../helpers/users';

// Many logins from one address in a few seconds: lift the per-IP credential limit (rate-limit.test.ts covers it).
const GENEROUS_LIMITS = { RATE_LIMIT_PER_MINUTE: '100000' };
const PASSWORD = 'correct horse battery staple';

interface AuditLine {
  type: string;
  actor: string;
  target?: string;
  requestId?: string;
  [detail: string]: unknown;
}

/** Authentication events reach the audit channel of the process log, as production writes it. */
describe('audit log of authentication', () => {
  let provider: OidcStandIn;
  let app: FincoreApp;
  let admin: StoredUser;
  const written: string[] = [];

  const audits = (): AuditLine[] =>
    written.map((line) => JSON.parse(line) as { channel?: string; audit?: AuditLine }).flatMap((line) => (line.channel === 'audit' && line.audit ? [line.audit] : []));
  /** Audit lines written while `work` runs. */
  async function during(work: () => Promise<unknown>): Promise<AuditLine[]> {
    const from = audits().length;
    await work();
    return audits().slice(from);
  }

  async function register(by: string | null): Promise<{ id: number; cpf: string }> {
    const cpf = aCpf();
    const call = request(app.http).post('/v1/users');
    if (by) call.set('Authorization', by);
    const res = await call.send({ cpf, name: 'Aurea Audit', email: `audit.${cpf}@example.com`, password: PASSWORD });
    expect(res.status, res.text).to.equal(201);
    return { id: res.body.id, cpf };
  }
  const login = (cpf: string, password: string) => request(app.http).post('/v1/auth/login').send({ cpf, password });

  before(async () => {
    provider = await OidcStandIn.start();
    const stream = new Writable({
      write(chunk, _encoding, done) {
        written.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    app = await createTestApp({ ...provider.env(), ...GENEROUS_LIMITS }, { logger: createLogger({ level: 'info', name: 'fincore' }, stream) });
    admin = await storeAdmin(app);
  });
  after(async () => {
    await app.close();
    await provider.close();
  });

  it('password logins: success and each kind of failure, with the user as target when known, and no secret', async () => {
    const user = await register(null);
    const inactive = await register(null);
    await app.db('users').where({ id: inactive.id }).update({ is_active: false });
    const unknownCpf = aCpf();
    let pair: { refreshToken: string } = { refreshToken: '' };
    const lines = await during(async () => {
      pair = (await login(user.cpf, PASSWORD)).body;
      await login(user.cpf, 'not the right password');
      await login(unknownCpf, PASSWORD);
      await login(inactive.cpf, PASSWORD);
    });
    expect(lines.map(({ type, target, reason }) => ({ type, target, reason }))).to.deep.equal([
      { type: 'auth.login.succeeded', target: `user:${user.id}`, reason: undefined },
      { type: 'auth.login.failed', target: `user:${user.id}`, reason: 'bad_password' },
      { type: 'auth.login.failed', target: undefined, reason: 'unknown_user' },
      { type: 'auth.login.failed', target: `user:${inactive.id}`, reason: 'inactive' },
    ]);
    for (const line of lines) {
      expect(line.actor).to.equal('anonymous');
      expect(line.requestId).to.be.a('string').and.not.empty;
    }
    const text = written.join('\n');
    for (const secret of [PASSWORD, 'not the right password', pair.refreshToken, user.cpf, unknownCpf, inactive.cpf]) expect(text).to.not.include(secret);
  });

  it('each line names its own request and actor when requests run at the same time', async () => {
    const users = await Promise.all(Array.from({ length: 6 }, () => register(null)));
    const lines = await during(() =>
      Promise.all(
        users.map((user, i) =>
          i % 2 === 0
            ? request(app.http).post(`/v1/users/${user.cpf}/deactivate`).set('Authorization', admin.authorization).set('X-Request-Id', `parallel-${i}`).expect(200)
            : login(user.cpf, 'not the right password').set('X-Request-Id', `parallel-${i}`).expect(401),
        ),
      ),
    );
    const seen = lines.filter((line) => line.requestId?.startsWith('parallel-') && ['user.deactivated', 'auth.login.failed'].includes(line.type)).map(({ type, actor, target, requestId }) => ({ requestId, type, actor, target }));
    const expected = users.map((user, i) => ({
      requestId: `parallel-${i}`,
      type: i % 2 === 0 ? 'user.deactivated' : 'auth.login.failed',
      actor: i % 2 === 0 ? `user:${admin.id}` : 'anonymous',
      target: `user:${user.id}`,
    }));
    expect(seen).to.have.deep.members(expected);
  });

  it('a reused refresh token: one auth.refresh.reused line naming the user', async () => {
    const user = await register(null);
    const first = (await login(user.cpf, PASSWORD)).body;
    expect((await request(app.http).post('/v1/auth/refresh').send({ refreshToken: first.refreshToken })).status).to.equal(200);
    // Long after the grace window that covers two tabs refreshing at once.
    await app.db('refresh_tokens').whereNotNull('used_at').update({ used_at: new Date(Date.now() - 3_600_000) });
    const lines = await during(async () => {
      expect((await request(app.http).post('/v1/auth/refresh').send({ refreshToken: first.refreshToken })).status).to.equal(401);
    });
    expect(lines.map(({ type, target }) => ({ type, target }))).to.deep.equal([{ type: 'auth.refresh.reused', target: `user:${user.id}` }]);
    expect(written.join('\n')).to.not.include(first.refreshToken);
  });

  it('SSO: a refused login says why; an automatic link and its login are recorded; no ID token is written', async () => {
    const self = await register(null);
    const vouched = await register(admin.authorization);
    const refusedToken = provider.idToken({ sub: 'audit-self', cpf: self.cpf });
    const linkedToken = provider.idToken({ sub: 'audit-vouched', cpf: vouched.cpf });
    const lines = await during(async () => {
      expect((await request(app.http).post('/v1/auth/sso').send({ idToken: refusedToken })).status).to.equal(401);
      expect((await request(app.http).post('/v1/auth/sso').send({ idToken: linkedToken })).status).to.equal(200);
      expect((await request(app.http).post('/v1/auth/sso').send({ idToken: provider.idToken({ aud: 'another-client' }) })).status).to.equal(401);
    });
    expect(lines.map(({ type, target, reason, how }) => ({ type, target, reason, how }))).to.deep.equal([
      { type: 'auth.sso.refused', target: `user:${self.id}`, reason: 'not_vouched', how: undefined },
      { type: 'auth.sso.linked', target: `user:${vouched.id}`, reason: undefined, how: 'automatic' },
      { type: 'auth.sso.succeeded', target: `user:${vouched.id}`, reason: undefined, how: undefined },
      { type: 'auth.sso.refused', target: undefined, reason: 'invalid_token', how: undefined },
    ]);
    expect(lines[1]).to.include({ issuer: provider.issuer, subject: 'audit-vouched' });
    const text = written.join('\n');
    for (const secret of [refusedToken, linkedToken, self.cpf, vouched.cpf]) expect(text).to.not.include(secret);
  });

  it('a service client token: the client and its scopes, never the secret', async () => {
    const client = await registerServiceClient(new KnexServiceClientRepository(new KnexDbContext(app.db)), { name: 'audited', scopes: 'users:read', now: new Date() });
    const lines = await during(async () => {
      const res = await request(app.http)
        .post('/v1/auth/token')
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'users:read' });
      expect(res.status, res.text).to.equal(200);
    });
    expect(lines.map(({ type, target, scopes }) => ({ type, target, scopes }))).to.deep.equal([{ type: 'auth.client.token.issued', target: `client:${client.clientId}`, scopes: 'users:read' }]);
    expect(written.join('\n')).to.not.include(client.clientSecret);
  });
});
