import { expect } from 'chai';
import request from 'supertest';
import { UsersController } from '../../src/api/controllers/users.controller';
import type { FincoreApp } from '../../src/config/composition-root';
import { createLogger } from '../../src/infra/platform/logger';
import { createTestApp } from '../helpers/app';
import { type StoredUser, storeAdmin } from '../helpers/users';
import { expectProblem } from '../helpers/problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;


describe('HTTP platform', () => {
  let app: FincoreApp;
  let admin: StoredUser;
  const logLines: string[] = [];
  const http = () => request(app.http);

  before(async () => {
    const logger = createLogger({ level: 'info', name: 'fincore' }, { write: (line: string) => void logLines.push(line) });
    app = await createTestApp({}, { logger });
    admin = await storeAdmin(app);
  });
  after(async () => {
    await app.close();
  });

  describe('problem responses', () => {
    it('404 ROUTE_NOT_FOUND for an unknown path outside /v1', async () => {
      expectProblem(await http().get('/nope'), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await http().post('/health/nope').send({}), 404, 'ROUTE_NOT_FOUND');
    });

    it('404 ROUTE_NOT_FOUND for a differently cased path: routing is case-sensitive, like authentication', async () => {
      expectProblem(await http().get('/V1/users').set('Authorization', admin.authorization), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await http().get('/v1/Users').set('Authorization', admin.authorization), 404, 'ROUTE_NOT_FOUND');
    });

    it('404 ROUTE_NOT_FOUND for an unknown path inside /v1, with a valid token', async () => {
      expectProblem(await http().get('/v1/nope').set('Authorization', admin.authorization), 404, 'ROUTE_NOT_FOUND');
      expectProblem(await http().get('/v1/users/52998224725/nope').set('Authorization', admin.authorization), 404, 'ROUTE_NOT_FOUND');
    });

    it('405 METHOD_NOT_ALLOWED with Allow for a known path and another method', async () => {
      const users = await http().delete('/v1/users');
      expectProblem(users, 405, 'METHOD_NOT_ALLOWED');
      expect(users.headers.allow).to.equal('GET, HEAD, POST');
      const one = await http().put('/v1/users/52998224725').set('Authorization', admin.authorization).send({});
      expectProblem(one, 405, 'METHOD_NOT_ALLOWED');
      expect(one.headers.allow).to.equal('GET, HEAD, PATCH');
      const health = await http().post('/health/live');
      expectProblem(health, 405, 'METHOD_NOT_ALLOWED');
      expect(health.headers.allow).to.equal('GET, HEAD');
    });

    it('413 PAYLOAD_TOO_LARGE for a body over 100 kB', async () => {
      const res = await http().post('/v1/users').send({ cpf: '52998224725', name: 'x'.repeat(101 * 1024), email: 'a@b.co' });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('accepts a JSON body just under 100 kB (and judges it on its content)', async () => {
      const res = await http().post('/v1/users').send({ cpf: '52998224725', name: 'x'.repeat(99 * 1024), email: 'a@b.co' });
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });

    it('415 UNSUPPORTED_MEDIA_TYPE for a text/plain body', async () => {
      const res = await http().post('/v1/users').set('Content-Type', 'text/plain').send('cpf=52998224725');
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('415 for a form body where only JSON is accepted', async () => {
      const res = await http().post('/v1/users').type('form').send({ cpf: '52998224725', name: 'Ana Silva', email: 'a@b.co' });
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('415 for a JSON body in a charset or content encoding the service does not read', async () => {
      const body = JSON.stringify({ cpf: '52998224725', name: 'Ana Silva', email: 'a@b.co' });
      expectProblem(await http().post('/v1/users').set('Content-Type', 'application/json; charset=latin1').send(body), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await http().post('/v1/users').set('Content-Type', 'application/json').set('Content-Encoding', 'x-unknown').send(body), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('415 for an empty body (Content-Length: 0) in a charset or content encoding the service does not read', async () => {
      const empty = () => http().post('/v1/users').set('Content-Length', '0');
      expectProblem(await empty().set('Content-Type', 'application/json; charset=latin1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await empty().set('Content-Type', 'application/json').set('Content-Encoding', 'x-unknown'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('400 MALFORMED_JSON for a broken JSON body', async () => {
      const res = await http().post('/v1/users').set('Content-Type', 'application/json').send('{"cpf": ');
      expectProblem(res, 400, 'MALFORMED_JSON');
    });

    it('400 VALIDATION_FAILED lists every failing field in errors[]', async () => {
      const res = await http().post('/v1/users').send({ cpf: 'x', extra: 1 });
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      const paths = (body.errors as { path: string; message: string }[]).map((e) => e.path);
      expect(paths).to.include.members(['body.cpf', 'body.name', 'body.email', 'body.extra']);
    });

    it('500 INTERNAL_ERROR reveals nothing of an unexpected failure (no stack, no SQL)', async () => {
      await app.db.raw('ALTER TABLE users RENAME COLUMN name TO full_name');
      try {
        const res = await http().post('/v1/users').send({ cpf: '52998224725', name: 'Ana Silva', email: 'ana.500@example.com' });
        const body = expectProblem(res, 500, 'INTERNAL_ERROR');
        expect(body.detail).to.equal('An unexpected error occurred');
        expect(res.text).to.not.contain('full_name');
      } finally {
        await app.db.raw('ALTER TABLE users RENAME COLUMN full_name TO name');
      }
    });
  });

  describe('X-Request-Id', () => {
    it('echoes a sane id from the caller, in the header and the problem body', async () => {
      const res = await http().get('/nope').set('X-Request-Id', 'abc-123_trace.1:2');
      expect(res.headers['x-request-id']).to.equal('abc-123_trace.1:2');
      expect(res.body.requestId ?? JSON.parse(res.text).requestId).to.equal('abc-123_trace.1:2');
    });

    for (const [what, id] of [
      ['spaces', 'has spaces'],
      ['a header-breaking character', 'abc;rm -rf'],
      ['more than 128 characters', 'a'.repeat(129)],
    ]) {
      it(`replaces an id with ${what} by a fresh UUID`, async () => {
        const res = await http().get('/health').set('X-Request-Id', id);
        expect(res.headers['x-request-id']).to.match(UUID);
      });
    }

    it('generates a different UUID for each request that has none', async () => {
      const a = (await http().get('/health')).headers['x-request-id'];
      const b = (await http().get('/health')).headers['x-request-id'];
      expect(a).to.match(UUID);
      expect(b).to.match(UUID).and.not.equal(a);
    });
  });

  describe('headers', () => {
    it("sets helmet's defaults and hides the framework", async () => {
      const res = await http().get('/health');
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['x-frame-options']).to.equal('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).to.match(/max-age=\d+/);
      expect(res.headers['content-security-policy']).to.contain("default-src 'self'");
      expect(res.headers['referrer-policy']).to.equal('no-referrer');
      expect(res.headers).to.not.have.property('x-powered-by');
    });

    it('sends no CORS headers when CORS_ORIGINS is empty', async () => {
      const res = await http().options('/v1/users').set('Origin', 'https://app.example.com').set('Access-Control-Request-Method', 'POST');
      expect(res.headers).to.not.have.property('access-control-allow-origin');
    });

    describe('with CORS_ORIGINS set', () => {
      let corsApp: FincoreApp;
      before(async () => {
        corsApp = await createTestApp({ CORS_ORIGINS: 'https://app.example.com' });
      });
      after(async () => {
        await corsApp.close();
      });

      it('answers a preflight from a listed origin, with credentials', async () => {
        const res = await request(corsApp.http).options('/v1/users').set('Origin', 'https://app.example.com').set('Access-Control-Request-Method', 'POST');
        expect(res.status).to.equal(204);
        expect(res.headers['access-control-allow-origin']).to.equal('https://app.example.com');
        expect(res.headers['access-control-allow-credentials']).to.equal('true');
      });

      it('exposes X-Request-Id and Location to a listed origin', async () => {
        const res = await request(corsApp.http).get('/health').set('Origin', 'https://app.example.com');
        expect(res.headers['access-control-allow-origin']).to.equal('https://app.example.com');
        expect(res.headers['access-control-expose-headers']).to.contain('X-Request-Id').and.contain('Location');
      });

      it('gives no CORS headers to an origin that is not listed', async () => {
        const res = await request(corsApp.http).get('/health').set('Origin', 'https://evil.example.com');
        expect(res.headers).to.not.have.property('access-control-allow-origin');
      });
    });
  });

  describe('controllers', () => {
    it("builds each controller once: the container's instance serves every request", async () => {
      const list = Object.getOwnPropertyDescriptor(UsersController.prototype, 'list');
      const served = new Set<UsersController>();
      // Wrapped before the app is built: the routes take the action when they are registered.
      Object.defineProperty(UsersController.prototype, 'list', {
        ...list,
        value(this: UsersController, ...args: unknown[]) {
          served.add(this);
          return (list?.value as (...a: unknown[]) => unknown).apply(this, args);
        },
      });
      const built = await createTestApp().finally(() => Object.defineProperty(UsersController.prototype, 'list', list ?? {}));
      try {
        const someAdmin = await storeAdmin(built);
        for (let i = 0; i < 2; i++) expect((await request(built.http).get('/v1/users?limit=1').set('Authorization', someAdmin.authorization)).status).to.equal(200);
        expect(served.size, 'instances that served the two requests').to.equal(1);
        // A boolean: chai would print the controller (and every service it holds) on a failure.
        expect(served.has(built.container.get(UsersController)), "the container's instance").to.equal(true);
      } finally {
        await built.close();
      }
    });
  });

  describe('/metrics', () => {
    it('serves Prometheus text with request durations labelled by route pattern, never by CPF', async () => {
      await http().get('/v1/users/529.982.247-25').set('Authorization', admin.authorization);
      await http().get('/v1/users/52998224725').set('Authorization', admin.authorization);
      const res = await http().get('/metrics');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/plain;.*version=0\.0\.4/);
      expect(res.text).to.contain('# TYPE http_request_duration_seconds histogram');
      expect(res.text).to.contain('process_cpu_user_seconds_total');
      expect(res.text).to.match(/http_request_duration_seconds_count\{method="GET",route="\/v1\/users\/:cpf",status="404"\} 2/);
      expect(res.text).to.not.contain('52998224725').and.not.contain('529.982.247-25');
    });

    it('labels requests no route answered as unmatched', async () => {
      await http().get('/no/such/path/52998224725');
      const res = await http().get('/metrics');
      expect(res.text).to.match(/http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} \d+/);
      expect(res.text).to.not.contain('route="*"');
    });
  });

  describe('request logs', () => {
    /** The log line of the request with this id (written when the response finishes). */
    async function logLineOf(requestId: string): Promise<Record<string, unknown>> {
      for (let i = 0; i < 50; i++) {
        const line = logLines.find((l) => l.includes(requestId));
        if (line) return JSON.parse(line) as Record<string, unknown>;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return expect.fail(`no log line for request ${requestId}`);
    }

    it('writes one line per request: method, route, status, duration, request id and principal', async () => {
      const res = await http().get('/v1/users?limit=1').set('Authorization', admin.authorization).set('X-Request-Id', 'log-line-1');
      expect(res.status).to.equal(200);
      const line = await logLineOf('log-line-1');
      expect(logLines.filter((l) => l.includes('log-line-1'))).to.have.length(1);
      expect(line).to.deep.include({ requestId: 'log-line-1', route: '/v1/users', principal: `user:${admin.id}`, req: { method: 'GET', url: '/v1/users?limit=1' }, res: { statusCode: 200 } });
      expect(line.durationMs).to.be.a('number');
    });

    it('gives a request no route answered no route in its line', async () => {
      await http().get('/nope').set('X-Request-Id', 'log-line-404');
      const line = await logLineOf('log-line-404');
      expect(line).to.not.have.property('route');
      expect(line.res).to.deep.equal({ statusCode: 404 });
    });

    it('never logs the Authorization header, the body, passwords or a whole CPF', async () => {
      const password = 'never-log-this-passphrase';
      await http()
        .post('/v1/users')
        .set('Authorization', admin.authorization)
        .set('X-Request-Id', 'log-line-2')
        .send({ cpf: '529.982.247-25', name: 'Body Name Marker', email: 'body.marker@example.com', password });
      await http().get('/v1/users/52998224725?cpf=111.444.777-35').set('Authorization', admin.authorization).set('X-Request-Id', 'log-line-3');
      const token = admin.authorization.replace('Bearer ', '');
      const lines = [await logLineOf('log-line-2'), await logLineOf('log-line-3')].map((l) => JSON.stringify(l));
      for (const text of lines) {
        expect(text).to.not.match(/authorization/i);
        expect(text).to.not.contain(token.slice(-20));
        expect(text).to.not.contain(password).and.not.contain('Body Name Marker').and.not.contain('body.marker');
        expect(text).to.not.match(/52998224725|529\.982\.247-25|11144477735|111\.444\.777-35/);
      }
      expect(JSON.parse(lines[1]).req.url).to.equal('/v1/users/***.***.*47-25?cpf=***.***.*77-35');
    });

    it('masks a percent-encoded CPF in the logged URL', async () => {
      await http().get('/v1/users/529%2E982%2E247%2D25').set('Authorization', admin.authorization).set('X-Request-Id', 'log-line-encoded');
      const text = JSON.stringify(await logLineOf('log-line-encoded'));
      expect(text).to.contain('/v1/users/***.***.*47-25');
      expect(text).to.not.match(/529%2E982|982%2E247|247%2D25/i);
    });
  });
});
