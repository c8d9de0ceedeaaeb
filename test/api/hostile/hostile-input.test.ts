import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { OidcStandIn } from '../../helpers/oidc-provider';
import { type StoredUser, storeAdmin } from '../../helpers/users';
import { expectProblem } from '../financial/bank';

const ACCOUNT_ID = '99999999-9999-4999-8999-999999999999';

/**
 * Input that no legitimate client sends (NUL and other control characters, invisible or
 * direction-changing characters, broken percent-encoding, broken compressed bodies) is the
 * caller's mistake: a 400 (or 415) problem, never a 500 from the driver or the URL decoder.
 */
describe('hostile input is refused as a client error', () => {
  let provider: OidcStandIn;
  let app: FincoreApp;
  let admin: StoredUser;
  const http = () => request(app.http);
  const userCount = async () => Number((await app.db('users').count<{ n: string }[]>('* as n'))[0].n);

  before(async function () {
    this.timeout(60_000);
    provider = await OidcStandIn.start();
    app = await createTestApp({ ...provider.env(), RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await storeAdmin(app);
  });
  after(async () => {
    await app.close();
    await provider.close();
  });

  describe('text fields refuse control, zero-width and direction-override characters', () => {
    const unsafe = { NUL: '\u0000', 'a bell': '\u0007', DEL: '\u007f', 'a C1 control': '\u0085', RLO: '\u202e', LRI: '\u2066', 'a zero-width space': '\u200b', 'a BOM': '\ufeff' };
    for (const [what, char] of Object.entries(unsafe)) {
      it(`POST /v1/users with ${what} in the name or e-mail: 400 naming each field, nothing stored`, async () => {
        const before = await userCount();
        const res = await http()
          .post('/v1/users')
          .set('Authorization', admin.authorization)
          .send({ cpf: aCpf(), name: `Ana${char} Lima`, email: `ana${char}@example.com` });
        const body = expectProblem(res, 400, 'VALIDATION_FAILED');
        expect((body.errors as { path: string }[]).map((e) => e.path)).to.have.members(['body.name', 'body.email']);
        expect(await userCount()).to.equal(before);
      });
    }

    it('PATCH /v1/users/{cpf} with a NUL in the name: 400, the name unchanged', async () => {
      expectProblem(await http().patch(`/v1/users/${admin.cpf}`).set('Authorization', admin.authorization).send({ name: 'Ab\u0000cd' }), 400, 'VALIDATION_FAILED');
      const row = await app.db('users').where({ id: admin.id }).first('name');
      expect(row.name).to.equal('Stored admin');
    });

    it('still accepts accented and non-Latin names', async () => {
      const res = await http().post('/v1/users').set('Authorization', admin.authorization).send({ cpf: aCpf(), name: 'José Ñandú 李小龍', email: `jose.${Date.now()}@example.com` });
      expect(res.status, res.text).to.equal(201);
    });
  });

  describe('paths are percent-decoded once, safely', () => {
    const broken = ['%E0%A4%A', '%C0%AE', '%ED%A0%80', '%ZZ', '%'];
    for (const segment of broken) {
      for (const path of [`/v1/users/${segment}`, `/v1/users/${segment}/accounts`, `/v1/accounts/${segment}/transactions`, `/v1/transactions/${segment}`, `/no-such-route/${segment}`]) {
        it(`GET ${path}: 400 MALFORMED_PATH`, async () => {
          expectProblem(await http().get(path).set('Authorization', admin.authorization), 400, 'MALFORMED_PATH');
        });
      }
    }

    it('anonymous callers get the same 400 (the path is read before authentication)', async () => {
      expectProblem(await http().get('/v1/accounts/%ZZ'), 400, 'MALFORMED_PATH');
    });

    it('a decoded NUL in a path segment is refused too', async () => {
      expectProblem(await http().get('/no-such-route/%00').set('Authorization', admin.authorization), 400, 'MALFORMED_PATH');
    });
  });

  describe('ids accept only the canonical UUID spelling', () => {
    for (const id of [`(${ACCOUNT_ID})`, `[${ACCOUNT_ID}]`, `{${ACCOUNT_ID}}`, ACCOUNT_ID.replace(/-/g, ':'), ACCOUNT_ID.replace(/-/g, '')]) {
      it(`refuses ${id} (400)`, async () => {
        expectProblem(await http().get(`/v1/accounts/${encodeURIComponent(id)}`).set('Authorization', admin.authorization), 400, 'VALIDATION_FAILED');
        expectProblem(await http().get(`/v1/transactions/${encodeURIComponent(id)}`).set('Authorization', admin.authorization), 400, 'VALIDATION_FAILED');
      });
    }
  });

  describe('compressed bodies', () => {
    for (const encoding of ['gzip', 'deflate']) {
      for (const path of ['/v1/auth/login', '/v1/auth/token', '/v1/transfers']) {
        it(`POST ${path} with Content-Encoding: ${encoding} and a broken stream: 400 MALFORMED_BODY`, async () => {
          const res = await http().post(path).set('Authorization', admin.authorization).set('Content-Type', 'application/json').set('Content-Encoding', encoding).send('not compressed at all');
          expectProblem(res, 400, 'MALFORMED_BODY');
        });
      }
    }

    it('an encoding it does not accept: 415', async () => {
      expectProblem(await http().post('/v1/auth/login').set('Content-Type', 'application/json').set('Content-Encoding', 'br').send('{}'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('the token endpoint', () => {
    const expectInvalid = (res: request.Response, status: number, error: string) => {
      expect(res.status, res.text).to.equal(status);
      expect(res.body.error).to.equal(error);
    };

    it('a NUL in client_id (JSON): 400 invalid_request', async () => {
      expectInvalid(await http().post('/v1/auth/token').send({ grant_type: 'client_credentials', client_id: 'a\u0000b', client_secret: 'x' }), 400, 'invalid_request');
    });

    it('a NUL in client_id (form): 400 invalid_request', async () => {
      expectInvalid(await http().post('/v1/auth/token').type('form').send('grant_type=client_credentials&client_id=a%00b&client_secret=x'), 400, 'invalid_request');
    });

    it('a NUL in client_id (HTTP Basic): 401 invalid_client', async () => {
      const basic = `Basic ${Buffer.from('a\u0000b:x').toString('base64')}`;
      expectInvalid(await http().post('/v1/auth/token').type('form').set('Authorization', basic).send('grant_type=client_credentials'), 401, 'invalid_client');
    });

    it('a form with more than 1,000 parameters: 400', async () => {
      const form = Array.from({ length: 1001 }, (_, i) => `p${i}=1`).join('&');
      expectProblem(await http().post('/v1/auth/token').type('form').send(form), 400, 'MALFORMED_BODY');
    });
  });

  describe('SSO ID tokens', () => {
    it('a NUL in the e-mail claim: refused like any unusable token (401), nothing created', async () => {
      const before = await userCount();
      const res = await http().post('/v1/auth/sso').send({ idToken: provider.idToken({ sub: 'nul-mail', email: 'a\u0000@example.com', email_verified: true }) });
      expectProblem(res, 401, 'SSO_LOGIN_REFUSED');
      expect(await userCount()).to.equal(before);
    });

    it('a payload that is not JSON: refused (401), never a 500', async () => {
      const [header, , signature] = provider.idToken().split('.');
      const res = await http().post('/v1/auth/sso').send({ idToken: [header, Buffer.from('not json').toString('base64url'), signature].join('.') });
      expectProblem(res, 401, 'SSO_LOGIN_REFUSED');
    });
  });
});
