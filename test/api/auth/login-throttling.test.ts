import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';

const PASSWORD = 'the right password';

/**
 * Failed logins (ASVS 2.2.1): refused per (CPF, address) pair, only slowed down per CPF, so that
 * nobody can lock a customer out by failing logins for their CPF from addresses of their own.
 * TRUST_PROXY=1 lets each test speak from the addresses it names in X-Forwarded-For.
 */
describe(`failed logins (${process.env.TEST_REDIS_URL ? 'Redis' : 'in-memory'} store)`, function () {
  this.timeout(60_000);
  let app: FincoreApp;
  before(async () => {
    // 20 credential requests a minute per address: the limits under test are the failed-login ones.
    app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '400', TRUST_PROXY: '1' });
  });
  after(async () => {
    await app.close();
  });

  async function register(): Promise<string> {
    const cpf = aCpf();
    const res = await request(app.http).post('/v1/users').set('X-Forwarded-For', '198.51.100.250').send({ cpf, name: 'Lia Locked', email: `l.${cpf}@example.com`, password: PASSWORD });
    expect(res.status, res.text).to.equal(201);
    return cpf;
  }
  const login = (from: string, cpf: string, password: string) => request(app.http).post('/v1/auth/login').set('X-Forwarded-For', from).send({ cpf, password });
  const timed = async (from: string, cpf: string, password: string) => {
    const started = Date.now();
    const res = await login(from, cpf, password);
    return { res, ms: Date.now() - started };
  };

  it('10 wrong passwords from 10 addresses, then the owner from a new address: logged in (slowed down, not refused)', async () => {
    const cpf = await register();
    const failures = await Promise.all(Array.from({ length: 10 }, (_, i) => login(`203.0.113.${i + 1}`, cpf, `guess number ${i}`)));
    expect(failures.map((res) => res.status)).to.deep.equal(Array(10).fill(401));
    const owner = await timed('192.0.2.77', cpf, PASSWORD);
    expect(owner.res.status, owner.res.text).to.equal(200);
    expect(owner.ms, 'the owner waited for the per-CPF delay').to.be.at.least(900);
  });

  it('10 wrong passwords from one address lock that (CPF, address) pair: 429 there even for the right password; other addresses and CPFs go on', async () => {
    const [cpf, other] = [await register(), await register()];
    const failures = await Promise.all(Array.from({ length: 10 }, (_, i) => login('203.0.113.50', cpf, `guess number ${i}`)));
    expect(failures.map((res) => res.status)).to.deep.equal(Array(10).fill(401));
    const locked = await login('203.0.113.50', cpf, PASSWORD);
    expect(locked.status, locked.text).to.equal(429);
    expect(locked.body.code).to.equal('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).to.be.within(1, 15 * 60);
    const formatted = `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
    expect((await login('203.0.113.50', formatted, PASSWORD)).status, 'the CPF formatted is the same CPF').to.equal(429);
    expect((await login('203.0.113.50', other, PASSWORD)).status, 'another CPF from that address').to.equal(200);
    expect((await login('198.51.100.9', cpf, PASSWORD)).status, 'that CPF from another address').to.equal(200);
  });

  it('the first 5 failures of a CPF are not delayed; from the 6th on, each attempt for that CPF waits, whatever its address', async () => {
    const cpf = await register();
    for (let i = 0; i < 5; i++) expect((await login(`203.0.113.${100 + i}`, cpf, `guess number ${i}`)).status).to.equal(401);
    const sixth = await timed('203.0.113.106', cpf, 'guess number 6');
    expect(sixth.res.status).to.equal(401);
    expect(sixth.ms).to.be.at.least(900);
    const seventh = await timed('203.0.113.107', cpf, 'guess number 7');
    expect(seventh.res.status).to.equal(401);
    expect(seventh.ms, 'the delay doubles').to.be.at.least(1_900);
    const anotherCpf = await register();
    const undelayed = await timed('203.0.113.106', anotherCpf, PASSWORD);
    expect(undelayed.res.status).to.equal(200);
    expect(undelayed.ms, 'another CPF is not slowed down').to.be.below(1_000);
  });

  it('a right password is not a failure: it does not count towards the pair nor the CPF', async () => {
    const cpf = await register();
    for (let i = 0; i < 12; i++) expect((await login('203.0.113.200', cpf, PASSWORD)).status).to.equal(200);
    const quick = await timed('203.0.113.200', cpf, PASSWORD);
    expect(quick.res.status).to.equal(200);
    expect(quick.ms, 'not slowed down').to.be.below(1_000);
  });
});
