import { expect } from 'chai';
import request from 'supertest';
import { ssoLinkResponse } from '../../../src/api/openapi/auth.openapi';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { OidcStandIn } from '../../helpers/oidc-provider';
import { asService } from '../../helpers/tokens';
import { type StoredUser, storeAdmin } from '../../helpers/users';
import { expectProblem } from '../../helpers/problem';

// Many logins from one address in a few seconds: lift the per-IP credential limit (rate-limit.test.ts covers it).
const GENEROUS_LIMITS = { RATE_LIMIT_PER_MINUTE: '100000' };
const PASSWORD = 'correct horse battery staple';

interface LocalUser {
  id: number;
  cpf: string;
  email: string;
  /** `Authorization` header of a real password login of this user. */
  authorization: string;
}

/**
 * An SSO login is trusted only through a link (issuer, subject). A link is made on the first SSO
 * login only for users an admin or a service created, else only by the user presenting the ID token.
 */
describe('SSO identities linked as (issuer, subject)', () => {
  let provider: OidcStandIn;
  let app: FincoreApp;
  let admin: StoredUser;
  let subjects = 0;
  const aSubject = () => `corp-${++subjects}-${Date.now()}`;

  const sso = (claims: Record<string, unknown>) => request(app.http).post('/v1/auth/sso').send({ idToken: provider.idToken(claims) });
  const link = (authorization: string, claims: Record<string, unknown>) =>
    request(app.http).post('/v1/auth/sso/link').set('Authorization', authorization).send({ idToken: provider.idToken(claims) });
  const linksOf = (userId: number) => app.db('sso_identities').where({ user_id: userId }).select('issuer', 'subject');
  const sessionsOf = async (userId: number) => Number((await app.db('refresh_token_families').where({ user_id: userId }).count<{ n: string }[]>('* as n'))[0].n);

  async function register(by: string | null, fields: { email?: string; cpf?: string } = {}): Promise<LocalUser> {
    const cpf = fields.cpf ?? aCpf();
    const email = fields.email ?? `local.${cpf}@example.com`;
    const call = request(app.http).post('/v1/users');
    if (by !== null) call.set('Authorization', by);
    const res = await call.send({ cpf, name: 'Lina Local', email, password: PASSWORD });
    expect(res.status, res.text).to.equal(201);
    const login = await request(app.http).post('/v1/auth/login').send({ cpf, password: PASSWORD });
    expect(login.status).to.equal(200);
    return { id: res.body.id, cpf, email, authorization: `Bearer ${login.body.accessToken}` };
  }
  const selfRegister = (fields: { email?: string; cpf?: string } = {}) => register(null, fields);
  const registerAsAdmin = (fields: { email?: string; cpf?: string } = {}) => register(admin.authorization, fields);

  /** The user's own e-mail change through PATCH, as a customer would make it. */
  async function changeOwnEmail(user: LocalUser, email: string): Promise<void> {
    const res = await request(app.http).patch(`/v1/users/${user.cpf}`).set('Authorization', user.authorization).send({ email, currentPassword: PASSWORD });
    expect(res.status, res.text).to.equal(200);
  }

  /** The session's access token belongs to `user`: a customer reads only their own record. */
  async function expectSessionOf(res: request.Response, user: LocalUser): Promise<void> {
    expect(res.status, res.text).to.equal(200);
    const me = await request(app.http).get(`/v1/users/${user.cpf}`).set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).to.equal(200);
    expect(me.body.id).to.equal(user.id);
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

  describe('an unverified local attribute never captures an SSO login', () => {
    it("self-registering with a colleague's e-mail does not receive the colleague's SSO login", async () => {
      const colleague = `colleague.${aCpf()}@corp.example`;
      const attacker = await selfRegister({ email: colleague });
      const sessions = await sessionsOf(attacker.id);
      expectProblem(await sso({ sub: aSubject(), email: colleague, email_verified: true }), 401, 'SSO_LOGIN_REFUSED');
      expect(await linksOf(attacker.id)).to.deep.equal([]);
      expect(await sessionsOf(attacker.id)).to.equal(sessions);
    });

    it("changing one's own e-mail to a colleague's does not either, even on an account an admin created", async () => {
      const colleague = `colleague.${aCpf()}@corp.example`;
      const attacker = await registerAsAdmin();
      await changeOwnEmail(attacker, colleague);
      expectProblem(await sso({ sub: aSubject(), email: colleague, email_verified: true }), 401, 'SSO_LOGIN_REFUSED');
      expect(await linksOf(attacker.id)).to.deep.equal([]);
    });

    it('self-registering with a squatted CPF does not receive the SSO login that carries that cpf claim', async () => {
      const squatted = aCpf();
      const attacker = await selfRegister({ cpf: squatted });
      const sessions = await sessionsOf(attacker.id);
      expectProblem(await sso({ sub: aSubject(), cpf: squatted }), 401, 'SSO_LOGIN_REFUSED');
      expect(await linksOf(attacker.id)).to.deep.equal([]);
      expect(await sessionsOf(attacker.id)).to.equal(sessions);
    });
  });

  describe('users an admin or a service created are linked on their first SSO login', () => {
    it('by the cpf claim; later logins follow the link alone, whatever the claims say', async () => {
      const user = await registerAsAdmin();
      const subject = aSubject();
      await expectSessionOf(await sso({ sub: subject, cpf: user.cpf }), user);
      expect(await linksOf(user.id)).to.deep.equal([{ issuer: provider.issuer, subject }]);
      await expectSessionOf(await sso({ sub: subject }), user);
      await expectSessionOf(await sso({ sub: subject, email: 'changed.at.the.provider@corp.example', email_verified: true }), user);
    });

    it('by verified e-mail, for a user a users:write service created', async () => {
      const cpf = aCpf();
      const email = `svc.${cpf}@corp.example`;
      const created = await request(app.http).post('/v1/users').set('Authorization', asService(app, 'users:write')).send({ cpf, name: 'Sergio Service', email, password: PASSWORD });
      expect(created.status, created.text).to.equal(201);
      const login = await request(app.http).post('/v1/auth/login').send({ cpf, password: PASSWORD });
      const user = { id: created.body.id, cpf, email, authorization: `Bearer ${login.body.accessToken}` };
      const subject = aSubject();
      await expectSessionOf(await sso({ sub: subject, email, email_verified: true }), user);
      expect(await linksOf(user.id)).to.deep.equal([{ issuer: provider.issuer, subject }]);
    });

    it('a user already linked to one identity of the provider is not linked to a second one automatically', async () => {
      const user = await registerAsAdmin();
      await expectSessionOf(await sso({ sub: aSubject(), cpf: user.cpf }), user);
      expectProblem(await sso({ sub: aSubject(), cpf: user.cpf }), 401, 'SSO_LOGIN_REFUSED');
      expect(await linksOf(user.id)).to.have.length(1);
    });
  });

  describe('POST /v1/auth/sso/link', () => {
    it('links the identity to the calling user (201, then 200 on a repeat); the SSO login then lands there', async () => {
      const user = await selfRegister();
      const subject = aSubject();
      const first = await link(user.authorization, { sub: subject });
      expect(first.status, first.text).to.equal(201);
      expect(first.headers['content-type']).to.match(/^application\/json/);
      expect(first.body).to.have.all.keys('issuer', 'subject', 'createdAt');
      expect(first.body).to.include({ issuer: provider.issuer, subject });
      expect(ssoLinkResponse.validate(first.body, { presence: 'required', allowUnknown: false }).error, 'documented shape').to.equal(undefined);
      const again = await link(user.authorization, { sub: subject });
      expect(again.status).to.equal(200);
      expect(again.body).to.deep.equal(first.body);
      await expectSessionOf(await sso({ sub: subject }), user);
    });

    it("an identity linked to someone else is a 409 and stays with its owner", async () => {
      const owner = await selfRegister();
      const other = await selfRegister();
      const subject = aSubject();
      expect((await link(owner.authorization, { sub: subject })).status).to.equal(201);
      expectProblem(await link(other.authorization, { sub: subject }), 409, 'SSO_IDENTITY_IN_USE');
      expect(await linksOf(other.id)).to.deep.equal([]);
      await expectSessionOf(await sso({ sub: subject }), owner);
    });

    it('an ID token whose cpf claim names another person is refused (409) and links nothing', async () => {
      const user = await selfRegister();
      expectProblem(await link(user.authorization, { sub: aSubject(), cpf: aCpf() }), 409, 'SSO_IDENTITY_MISMATCH');
      expect(await linksOf(user.id)).to.deep.equal([]);
      expect((await link(user.authorization, { sub: aSubject(), cpf: user.cpf })).status).to.equal(201);
    });

    it('needs a logged-in user and a good ID token', async () => {
      const user = await selfRegister();
      const anonymous = await request(app.http).post('/v1/auth/sso/link').send({ idToken: provider.idToken({ sub: aSubject() }) });
      expectProblem(anonymous, 401, 'UNAUTHENTICATED');
      expectProblem(await link(asService(app, 'users:write'), { sub: aSubject() }), 403, 'FORBIDDEN');
      expectProblem(await link(user.authorization, { sub: aSubject(), aud: 'some-other-client' }), 401, 'SSO_LOGIN_REFUSED');
      expectProblem(await request(app.http).post('/v1/auth/sso/link').set('Authorization', user.authorization).send({}), 400, 'VALIDATION_FAILED');
      expect(await linksOf(user.id)).to.deep.equal([]);
    });
  });
});
