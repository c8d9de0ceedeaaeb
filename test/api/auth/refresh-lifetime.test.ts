import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import type { IClock } from '../../../src/domain/shared/clock.port';
import { digestToken } from '../../../src/infra/security/opaque-token';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';

const PASSWORD = 'correct horse battery staple';
const DAY_MS = 24 * 60 * 60 * 1000;

class MovableClock implements IClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advanceDays(days: number): void {
    this.offsetMs += days * DAY_MS;
  }
}

/** A session refreshed every day still ends REFRESH_TOKEN_ABSOLUTE_DAYS after its login. */
describe('refresh sessions have an absolute lifetime (REFRESH_TOKEN_ABSOLUTE_DAYS)', () => {
  let app: FincoreApp;
  let clock: MovableClock;

  const refresh = (refreshToken: string) => request(app.http).post('/v1/auth/refresh').send({ refreshToken });
  const expiryOf = async (refreshToken: string) => new Date((await app.db('refresh_tokens').where({ token_hash: digestToken(refreshToken) }).first('expires_at')).expires_at);

  async function login(): Promise<{ refreshToken: string; at: Date }> {
    const cpf = aCpf();
    expect((await request(app.http).post('/v1/users').send({ cpf, name: 'Lia Lifetime', email: `life.${cpf}@example.com`, password: PASSWORD })).status).to.equal(201);
    const at = clock.now();
    const res = await request(app.http).post('/v1/auth/login').send({ cpf, password: PASSWORD });
    expect(res.status).to.equal(200);
    return { refreshToken: res.body.refreshToken, at };
  }

  beforeEach(async () => {
    clock = new MovableClock();
    app = await createTestApp({ REFRESH_TOKEN_EXPIRE_DAYS: '30', REFRESH_TOKEN_ABSOLUTE_DAYS: '45' }, { clock });
  });
  afterEach(async () => {
    await app.close();
  });

  it('a rotation never extends the session past login + 45 days, and the session then ends', async () => {
    const session = await login();
    const end = session.at.getTime() + 45 * DAY_MS;
    expect((await expiryOf(session.refreshToken)).getTime()).to.be.closeTo(session.at.getTime() + 30 * DAY_MS, 5_000);
    clock.advanceDays(20);
    const second = await refresh(session.refreshToken);
    expect(second.status).to.equal(200);
    // 20 + 30 = 50 days would pass the absolute end: capped at 45.
    expect((await expiryOf(second.body.refreshToken)).getTime()).to.be.closeTo(end, 5_000);
    clock.advanceDays(20);
    const third = await refresh(second.body.refreshToken);
    expect(third.status).to.equal(200);
    expect((await expiryOf(third.body.refreshToken)).getTime()).to.be.closeTo(end, 5_000);
    clock.advanceDays(6);
    const late = await refresh(third.body.refreshToken);
    expect(late.status).to.equal(401);
    expect(late.body.code).to.equal('INVALID_REFRESH_TOKEN');
  });

  it('a lifetime shorter than REFRESH_TOKEN_EXPIRE_DAYS caps the very first token', async () => {
    await app.close();
    app = await createTestApp({ REFRESH_TOKEN_EXPIRE_DAYS: '30', REFRESH_TOKEN_ABSOLUTE_DAYS: '7' }, { clock });
    const session = await login();
    expect((await expiryOf(session.refreshToken)).getTime()).to.be.closeTo(session.at.getTime() + 7 * DAY_MS, 5_000);
    clock.advanceDays(8);
    expect((await refresh(session.refreshToken)).status).to.equal(401);
  });
});
