import { expect } from 'chai';
import request from 'supertest';
import { OpenApiBuilder } from '../../../src/api/openapi/openapi-builder';
import { buildOpenApiDocument } from '../../../src/api/openapi/openapi.document';
import { MARIA } from '../../../src/api/openapi/request-examples';
import type { FincoreApp } from '../../../src/config/composition-root';
import { Cpf } from '../../../src/domain/modules/user/cpf.value-object';
import { Email } from '../../../src/domain/modules/user/email.value-object';
import { Password } from '../../../src/domain/modules/user/password.value-object';
import { PersonName } from '../../../src/domain/modules/user/person-name.value-object';
import { createTestApp } from '../../helpers/app';

type Media = { example?: Record<string, unknown> };
type Operation = { parameters?: { $ref?: string; name?: string; example?: unknown }[]; requestBody?: { content: Record<string, Media> } };
type Document = { paths: Record<string, Record<string, Operation>>; components: { parameters: Record<string, { example?: unknown }> } };

// The domain's own rules for the fields a person types: an example must pass them, not only the joi shape.
const DOMAIN_RULES: Record<string, (value: string) => unknown> = {
  cpf: (value) => Cpf.parse(value),
  ownerCpf: (value) => Cpf.parse(value),
  email: (value) => Email.parse(value),
  name: (value) => PersonName.parse(value),
  password: (value) => Password.parse(value),
  currentPassword: (value) => Password.parse(value),
};

describe('OpenAPI request examples', () => {
  const api = new OpenApiBuilder();
  const doc = buildOpenApiDocument({ title: 'fincore API', version: 'test' }, undefined, api) as unknown as Document;
  const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));
  const bodyExample = (path: string, method = 'post') => doc.paths[path][method].requestBody!.content['application/json'].example!;

  it('gives every request body and every parameter an example', () => {
    for (const { name, op } of operations) {
      for (const [mediaType, media] of Object.entries(op.requestBody?.content ?? {})) {
        expect(media.example, `${name} ${mediaType} body`).to.be.an('object');
      }
      for (const parameter of op.parameters ?? []) {
        const resolved = parameter.$ref ? doc.components.parameters[parameter.$ref.split('/').pop()!] : parameter;
        expect(resolved.example, `${name} parameter ${parameter.name ?? parameter.$ref}`).not.to.equal(undefined);
      }
    }
  });

  it('validates every example against the joi schema that validates the request', () => {
    expect(api.examples.length).to.be.greaterThan(20);
    for (const { where, schema, example } of api.examples) {
      const { error } = schema.validate(example);
      expect(error?.message, `${where}: ${JSON.stringify(example)}`).to.equal(undefined);
    }
  });

  it('uses valid CPFs, e-mails, names and passwords by the domain rules, BRL, and distinct accounts in a transfer', () => {
    let checked = 0;
    const visit = (value: unknown, key?: string): void => {
      if (Array.isArray(value)) return value.forEach((item) => visit(item));
      if (value !== null && typeof value === 'object') return Object.entries(value).forEach(([k, v]) => visit(v, k));
      if (key && DOMAIN_RULES[key]) {
        expect(() => DOMAIN_RULES[key](String(value)), `${key}: ${String(value)}`).not.to.throw();
        checked++;
      }
      if (key === 'currency') expect(value).to.equal('BRL');
    };
    for (const { where, example } of api.examples) visit(where.endsWith('parameter cpf') || where.endsWith('parameter ownerCpf') ? { cpf: example } : example);
    expect(checked).to.be.greaterThan(8);
    const transfer = bodyExample('/v1/transfers');
    expect(transfer.fromAccountId).to.be.a('string').and.not.equal(transfer.toAccountId);
    const sweep = bodyExample('/v1/accounts/{id}/sweep');
    expect(sweep.toAccountId).not.to.equal(doc.paths['/v1/accounts/{id}/sweep'].post.parameters![0].example);
  });

  describe('run in operation order against the service', function () {
    this.timeout(60_000);
    let app: FincoreApp;
    before(async () => {
      app = await createTestApp();
    });
    after(async () => app.close());

    it('register, log in, open an account and deposit succeed as written', async () => {
      const registered = await request(app.http).post('/v1/users').send(bodyExample('/v1/users'));
      expect(registered.status, registered.text).to.equal(201);
      expect(registered.body.cpf).to.equal(MARIA.cpf);
      const login = await request(app.http).post('/v1/auth/login').send(bodyExample('/v1/auth/login'));
      expect(login.status, login.text).to.equal(200);
      const auth = `Bearer ${login.body.accessToken}`;
      const opened = await request(app.http).post('/v1/accounts').set('Authorization', auth).send(bodyExample('/v1/accounts'));
      expect(opened.status, opened.text).to.equal(201);
      const deposit = await request(app.http)
        .post(`/v1/accounts/${opened.body.id}/deposits`)
        .set('Authorization', auth)
        .set('Idempotency-Key', String(doc.components.parameters.IdempotencyKey.example))
        .send(bodyExample('/v1/accounts/{id}/deposits'));
      expect(deposit.status, deposit.text).to.equal(201);
      const statement = await request(app.http)
        .get(`/v1/accounts/${opened.body.id}/transactions`)
        .query({ limit: 20, cursor: doc.paths['/v1/accounts/{id}/transactions'].get.parameters!.find((p) => p.name === 'cursor')!.example as string })
        .set('Authorization', auth);
      expect(statement.status, 'the example cursor is one the service accepts').to.equal(200);
    });
  });
});
