import { expect } from 'chai';
import request from 'supertest';
import { maskCpfs, serializeError } from '../../../src/api/middlewares/http-logger';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createLogger } from '../../../src/infra/platform/logger';
import { createTestApp } from '../../helpers/app';
import { type StoredUser, storeAdmin } from '../../helpers/users';

describe('maskCpfs', () => {
  for (const [input, expected] of [
    ['/v1/users/529.982.247-25', '/v1/users/***.***.*47-25'],
    ['/v1/users/52998224725', '/v1/users/***.***.*47-25'],
    ['/v1/users/529.982247-25/deactivate', '/v1/users/***.***.*47-25/deactivate'],
    ['/v1/accounts?ownerCpf=11144477735&limit=5', '/v1/accounts?ownerCpf=***.***.*77-35&limit=5'],
    ['a=52998224725&b=111.444.777-35', 'a=***.***.*47-25&b=***.***.*77-35'],
    ['/v1/users/529-982-247-25', '/v1/users/***.***.*47-25'],
    ['/v1/users/529.982.247.25', '/v1/users/***.***.*47-25'],
    ['/v1/users/529 982 247 25', '/v1/users/***.***.*47-25'],
    ['/v1/users/529/982/247/25', '/v1/users/***.***.*47-25'],
    ['/v1/users/529_982_247_25', '/v1/users/***.***.*47-25'],
    ['ownerCpf=529+982+247+25', 'ownerCpf=***.***.*47-25'],
    ['/v1/users/529.982 247/25', '/v1/users/***.***.*47-25'],
    ['/v1/users/529%2E982%2E247%2D25', '/v1/users/***.***.*47-25'],
    ['/v1/users/529%2e982%2e247%2d25', '/v1/users/***.***.*47-25'],
    ['/v1/users/529%20982%2F247%5F25', '/v1/users/***.***.*47-25'],
    ['/v1/users/529%252E982%252E247%252D25', '/v1/users/***.***.*47-25'],
    ['/v1/users/529.%20982 - 247-25', '/v1/users/***.***.*47-25'],
    ['ownerCpf=%2052998224725&x=%ZZ', 'ownerCpf=%20***.***.*47-25&x=%ZZ'],
    ['ownerCpf=%20529.982.247-25%20', 'ownerCpf=%20***.***.*47-25%20'],
    ['cpf52998224725x', 'cpf***.***.*47-25x'],
    ['first 529.982.247-25, then 111-444-777-35', 'first ***.***.*47-25, then ***.***.*77-35'],
  ]) {
    it(`masks ${input}`, () => {
      expect(maskCpfs(input)).to.equal(expected);
    });
  }

  for (const input of [
    '/v1/accounts/529982247250',
    '/v1/accounts/1529.982.247-25',
    '/v1/users/529.982.247-251',
    '/v1/transactions/1234567890',
    '/v1/accounts/0a76c3d2-1111-4222-8333-944445555666',
    '/health',
    '/v1/users?limit=20',
  ]) {
    it(`leaves ${input} alone (no CPF in it)`, () => {
      expect(maskCpfs(input)).to.equal(input);
    });
  }
});

describe('serializeError', () => {
  it('masks CPFs quoted in an error message and stack', () => {
    const error = new Error('Key (cpf)=(52998224725) already exists');
    const logged = serializeError(error);
    expect(logged.type).to.equal('Error');
    expect(logged.message).to.equal('Key (cpf)=(***.***.*47-25) already exists');
    expect(logged.stack).to.include('***.***.*47-25').and.not.include('52998224725');
  });

  it('masks the punctuated spellings in a message too', () => {
    const logged = serializeError(new TypeError('no user 529-982-247-25 nor 529 982 247 25'));
    expect(logged).to.deep.include({ type: 'TypeError', message: 'no user ***.***.*47-25 nor ***.***.*47-25' });
  });

  it('logs a thrown non-Error (a string, an object) as text, masked, without throwing', () => {
    expect(serializeError('lookup of 529.982.247.25 failed')).to.deep.equal({ type: 'string', message: 'lookup of ***.***.*47-25 failed' });
    expect(serializeError({ cpf: '52998224725' })).to.deep.equal({ type: 'object', message: "{ cpf: '***.***.*47-25' }" });
  });
});

describe('request log lines (through the app)', () => {
  let app: FincoreApp;
  let admin: StoredUser;
  const lines: string[] = [];

  before(async () => {
    const logger = createLogger({ level: 'info', name: 'fincore', serializeError }, { write: (line: string) => void lines.push(line) });
    app = await createTestApp({}, { logger });
    admin = await storeAdmin(app);
  });
  after(async () => {
    await app.close();
  });

  async function logLineOf(requestId: string): Promise<string> {
    for (let i = 0; i < 50; i++) {
      const line = lines.find((l) => l.includes(`"requestId":"${requestId}"`));
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return expect.fail(`no log line for request ${requestId}`);
  }

  for (const [n, path] of [
    '/v1/users/529-982-247-25',
    '/v1/users/529.982.247.25',
    '/v1/users/529%20982%20247%2025',
    // An undecodable query keeps the raw URL in the log: the encoded separators must be masked there too.
    '/v1/accounts?ownerCpf=529%2E982%2E247%2D25&junk=%E0%A4%A',
    '/v1/accounts?ownerCpf=529+982+247+25',
  ].entries()) {
    it(`masks the CPF in ${path}`, async () => {
      const requestId = `cpf-spelling-${n}`;
      const res = await request(app.http).get(path).set('Authorization', admin.authorization).set('X-Request-Id', requestId);
      expect(res.status).to.be.within(200, 499);
      const line = await logLineOf(requestId);
      expect(JSON.parse(line).req.url).to.contain('***.***.*47-25');
      expect(line.replace(/%[0-9a-f]{2}|[^0-9]/gi, '')).to.not.contain('529982247');
    });
  }
});

describe('request log line fields (through the app)', () => {
  let app: FincoreApp;
  let admin: StoredUser;
  const lines: string[] = [];

  before(async function () {
    this.timeout(60_000);
    const logger = createLogger({ level: 'info', name: 'fincore', serializeError }, { write: (line: string) => void lines.push(line) });
    app = await createTestApp({}, { logger });
    admin = await storeAdmin(app);
  });
  after(async () => {
    await app.close();
  });

  it('carries the client address and the size of the response body', async () => {
    const res = await request(app.http).get(`/v1/users/${admin.cpf}`).set('Authorization', admin.authorization).set('X-Request-Id', 'fields-1');
    expect(res.status).to.equal(200);
    const line = JSON.parse(lines.find((l) => l.includes('"requestId":"fields-1"')) ?? expect.fail('no line'));
    expect(line.clientIp).to.match(/127\.0\.0\.1|::1/);
    expect(line.responseBytes).to.equal(Buffer.byteLength(res.text));
    expect(line.msg).to.equal('request completed');
  });

});
