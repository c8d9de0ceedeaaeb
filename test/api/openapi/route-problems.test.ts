import { expect } from 'chai';
import request from 'supertest';
import { buildOpenApiDocument } from '../../../src/api/openapi/openapi.document';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { undeclaredProblem } from '../../helpers/declared-problems';
import { freshBearerFor } from '../../helpers/tokens';
import { type StoredUser, storeUser } from '../../helpers/users';

type Example = { value: { status: number; code: string; type: string; instance: string } };
type Response = { description: string; content?: Record<string, { examples?: Record<string, Example> }> };
type Operation = { parameters?: { in?: string; name?: string; example?: unknown }[]; responses: Record<string, Response> };
const doc = buildOpenApiDocument({ title: 'fincore', version: 'test' }) as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(doc.paths).flatMap(([template, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), template, op })));
const problemExamples = (op: Operation) =>
  Object.entries(op.responses).flatMap(([status, response]) =>
    Object.entries(response.content?.['application/problem+json']?.examples ?? {}).map(([code, example]) => ({ status: Number(status), code, example })),
  );
const codesOf = (method: string, path: string) => problemExamples(doc.paths[path][method]).map((e) => e.code);

describe('Problems declared per route', () => {
  it('documents each route with its own codes, each example answering its own status', () => {
    expect(codesOf('get', '/v1/users/{cpf}')).to.include('USER_NOT_FOUND').and.not.include.members(['UNSUPPORTED_GRANT_TYPE']);
    expect(codesOf('get', '/v1/users/{cpf}')).not.to.include('DEPOSIT_NOT_CREDITED');
    expect(codesOf('get', '/v1/accounts/{id}')).to.include.members(['ACCOUNT_NOT_FOUND', 'FORBIDDEN']).and.not.include('USER_NOT_FOUND');
    expect(codesOf('post', '/v1/accounts/{id}/deposits')).to.include.members(['PAYMENT_DECLINED', 'DEPOSIT_NOT_CREDITED', 'IDEMPOTENCY_KEY_REQUIRED']);
    expect(codesOf('get', '/health')).to.have.members(['MALFORMED_PATH', 'INTERNAL_ERROR']);
    for (const { method, template, op } of operations) {
      for (const { status, code, example } of problemExamples(op)) {
        expect(example.value.status, `${method} ${template} ${code}`).to.equal(status);
        expect(example.value.code).to.equal(code);
        expect(op.responses[String(status)].description).to.include(code);
        expect(example.value.instance, 'the instance names a real example path').not.to.include('{');
      }
    }
  });

  it('fails an answer whose code, or whose status, the route does not declare', () => {
    expect(undeclaredProblem('GET', '/v1/users/52998224725', 404, 'USER_NOT_FOUND')).to.equal(undefined);
    expect(undeclaredProblem('GET', '/v1/users/52998224725', 404, 'ACCOUNT_NOT_FOUND')).to.match(/does not declare/);
    expect(undeclaredProblem('GET', '/v1/users/52998224725', 400, 'USER_NOT_FOUND')).to.match(/declared with 404/);
    expect(undeclaredProblem('GET', '/v1/no-such-route', 404, 'ROUTE_NOT_FOUND'), 'not an operation').to.equal(undefined);
  });

  describe('walk: every /v1 operation, called as callers that get refused', function () {
    this.timeout(120_000);
    let app: FincoreApp;
    let customer: StoredUser;
    before(async () => {
      app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
      customer = await storeUser(app);
    });
    after(async () => app.close());

    // A token at the current session version for each request: the walk's own logout-all ends the earlier ones.
    const callers: Record<string, (req: request.Test) => Promise<request.Response>> = {
      'a service without scopes': async (req) => req.set('Authorization', await freshBearerFor(app, { kind: 'service', clientId: 'test-service', scopes: [] })).send({}),
      'a customer who owns nothing': async (req) => req.set('Authorization', await freshBearerFor(app, { kind: 'user', userId: customer.id, role: 'customer' })).send({}),
      'a token that does not verify': async (req) => req.set('Authorization', 'Bearer not.a.token').send({}),
      'a body that is not JSON': async (req) => req.set('Content-Type', 'text/plain').send('amount=1'),
      'a body that is broken JSON': async (req) => req.set('Content-Type', 'application/json').send('{"amount":'),
    };

    for (const [caller, call] of Object.entries(callers)) {
      it(`answers ${caller} only with problems the route declares`, async () => {
        const undeclared: string[] = [];
        let problems = 0;
        for (const { method, template, op } of operations.filter((o) => o.template.startsWith('/v1/'))) {
          const path = template.replace(/\{([^}]+)\}/g, (_whole, name: string) => String(op.parameters?.find((p) => p.in === 'path' && p.name === name)?.example));
          const res = await call(request(app.http)[method.toLowerCase() as 'get'](path).set('Idempotency-Key', `walk-${caller}-${method}-${path}`));
          if (!String(res.headers['content-type']).startsWith('application/problem+json')) continue;
          problems++;
          const why = undeclaredProblem(method, path, res.status, res.body.code);
          if (why) undeclared.push(why);
        }
        expect(problems, 'the walk provoked problems').to.be.greaterThan(5);
        expect(undeclared).to.deep.equal([]);
      });
    }
  });
});
