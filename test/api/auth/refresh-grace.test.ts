import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import type { IClock } from '../../../src/domain/shared/clock.port';
import { digestToken } from '../../../src/infra/security/opaque-token';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { usingPostgres } from '../../helpers/database';

// Many logins from one address in a few seconds: lift the per-IP credential limit (rate-limit.test.ts covers it).
const GENEROUS_LIMITS = { RATE_LIMIT_PER_MINUTE: '100000' };
const PASSWORD = 'correct horse battery staple';

class MovableClock implements IClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceSeconds(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

/**
 * Two tabs, or a client retrying a refresh whose answer it lost, present the same refresh token
 * at about the same moment. Within a short grace window they all get the same successor; a spent
 * token presented after it is a reuse and ends the session.
 */
describe('POST /v1/auth/refresh: the grace window for a token just rotated', () => {
  let app: FincoreApp;
  let clock: MovableClock;

  const refresh = (refreshToken: string) => request(app.http).post('/v1/auth/refresh').send({ refreshToken });
  const familyOf = (refreshToken: string) =>
    app.db('refresh_tokens as t').join('refresh_token_families as f', 'f.id', 't.family_id').where('t.token_hash', digestToken(refreshToken)).first('f.id', 'f.revoked_reason');

  async function session(): Promise<string> {
    const cpf = aCpf();
    expect((await request(app.http).post('/v1/users').send({ cpf, name: 'Gina Grace', email: `grace.${cpf}@example.com`, password: PASSWORD })).status).to.equal(201);
    const login = await request(app.http).post('/v1/auth/login').send({ cpf, password: PASSWORD });
    expect(login.status).to.equal(200);
    return login.body.refreshToken;
  }

  before(async () => {
    clock = new MovableClock();
    app = await createTestApp(GENEROUS_LIMITS, { clock });
  });
  after(async () => {
    await app.close();
  });

  it(`concurrent refreshes of one token all answer 200 with the same successor${usingPostgres() ? ' (truly parallel on PostgreSQL)' : ''}`, async () => {
    const first = await session();
    const answers = await Promise.all(Array.from({ length: 4 }, () => refresh(first)));
    for (const res of answers) expect(res.status, res.text).to.equal(200);
    const successors = new Set(answers.map((res) => res.body.refreshToken));
    expect(successors.size).to.equal(1);
    const [successor] = successors;
    expect(successor).to.not.equal(first);
    expect((await familyOf(first)).revoked_reason).to.equal(null);
    expect(Number((await app.db('refresh_tokens').where({ family_id: (await familyOf(first)).id }).count<{ n: string }[]>('* as n'))[0].n)).to.equal(2);
    // Every tab now holds the live token, and the session goes on.
    expect((await refresh(successor)).status).to.equal(200);
  });

  it('a repeat a few seconds later (a retry after a lost answer) gets the same successor and a working access token', async () => {
    const first = await session();
    const original = await refresh(first);
    clock.advanceSeconds(8);
    const repeat = await refresh(first);
    expect(repeat.status).to.equal(200);
    expect(repeat.body.refreshToken).to.equal(original.body.refreshToken);
    expect(repeat.body.accessToken).to.be.a('string');
    expect((await refresh(repeat.body.refreshToken)).status).to.equal(200);
  });

  it('a reuse after the window revokes the whole family', async () => {
    const first = await session();
    const successor = (await refresh(first)).body.refreshToken;
    clock.advanceSeconds(11);
    const late = await refresh(first);
    expect(late.status).to.equal(401);
    expect(late.body.code).to.equal('INVALID_REFRESH_TOKEN');
    expect((await familyOf(first)).revoked_reason).to.equal('reuse');
    expect((await refresh(successor)).status).to.equal(401);
  });

  it('once the successor has itself been used, the old token is a reuse even inside the window', async () => {
    const first = await session();
    const second = (await refresh(first)).body.refreshToken;
    const third = (await refresh(second)).body.refreshToken;
    expect((await refresh(first)).status).to.equal(401);
    expect((await familyOf(first)).revoked_reason).to.equal('reuse');
    expect((await refresh(third)).status).to.equal(401);
  });

  it('the window never revives a session that was logged out', async () => {
    const first = await session();
    const successor = (await refresh(first)).body.refreshToken;
    expect((await request(app.http).post('/v1/auth/logout').send({ refreshToken: successor })).status).to.equal(204);
    expect((await refresh(first)).status).to.equal(401);
    expect((await familyOf(first)).revoked_reason).to.equal('logout');
  });
});
