import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import type { Application } from 'express';
import type Joi from 'joi';
import request from 'supertest';
import { tokenPairResponse } from '../../src/api/openapi/auth.openapi';
import {
  accountPageResponse,
  accountResponse,
  integrityReportResponse,
  statementPageResponse,
  transactionResponse,
} from '../../src/api/openapi/financial.openapi';
import { userPageResponse, userResponse } from '../../src/api/openapi/users.openapi';
import type { FincoreApp } from '../../src/config/composition-root';
import { SCOPES } from '../../src/domain/modules/auth/principal';
import { KnexDbContext } from '../../src/infra/database/knex/knex-db-context';
import { KnexServiceClientRepository } from '../../src/infra/database/knex/modules/auth/knex-service-client.repository';
import { registerServiceClient } from '../../src/infra/services/auth/service-client.registration';
import { createTestApp } from '../helpers/app';
import { aCpf } from '../helpers/cpf';
import { asUser } from '../helpers/tokens';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  regexp?: { fast_slash?: boolean };
}

type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; requestBody?: { content: Record<string, { schema: unknown }> } }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

/** Not an API operation: the HTML page for people, which redirects to its own folder. */
const UNDOCUMENTED = new Set(['GET /docs']);

/** Every `METHOD /path` the Express app answers, in OpenAPI path syntax, read from the app itself. */
function registeredRoutes(app: Application): string[] {
  const routes: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = layer.route.path.replace(/\/$/, '').replace(/:([A-Za-z0-9_]+)/g, '{$1}') || '/';
        for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} ${path}`);
      } else if (layer.handle?.stack) {
        // Every router is mounted at the root, so route paths are already full paths.
        expect(layer.regexp?.fast_slash, 'a router mounted below the root').to.equal(true);
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { _router: { stack: Layer[] } })._router.stack);
  return [...new Set(routes)].sort();
}

function documentedOperations(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

function expectMatches(schema: Joi.Schema, body: unknown): void {
  const { error } = schema.validate(body, { presence: 'required', allowUnknown: false });
  expect(error?.message, 'response does not match its documented schema').to.equal(undefined);
}

describe('OpenAPI document and Swagger UI', () => {
  let app: FincoreApp;
  let doc: OpenApiDocument;

  before(async () => {
    app = await createTestApp();
    const res = await request(app.http).get('/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    doc = JSON.parse(res.text);
  });
  after(async () => {
    await app.close();
  });

  it('is an OpenAPI 3.1.0 document that validates against the 3.1 schema', async () => {
    expect(doc.openapi).to.equal('3.1.0');
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors, JSON.stringify(result.errors, null, 2)).to.equal(undefined);
    expect(result.valid).to.equal(true);
  });

  it('describes every route the app registers, and nothing it does not', () => {
    const routes = registeredRoutes(app.http).filter((route) => !UNDOCUMENTED.has(route));
    expect(routes).to.include('POST /v1/users');
    expect(routes).to.include('GET /health/ready');
    expect(documentedOperations(doc)).to.deep.equal(routes);
  });

  it('documents bearer authentication, public probes and problem+json errors', () => {
    expect(doc.components.securitySchemes.bearerAuth).to.deep.include({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/health/ready'].get.security).to.deep.equal([]);
    expect(doc.paths['/v1/users/{cpf}'].get.security).to.deep.equal([{ bearerAuth: [] }, { serviceClient: [] }]);
    expect(doc.components.schemas.Problem).to.have.nested.property('properties.code');
    const notFound = JSON.stringify(doc).match(/"description":"Not found \(or not yours\) \(code: ([A-Z_, ]+)\)"/);
    expect(notFound?.[1]).to.include('USER_NOT_FOUND');
  });

  it('describes the OAuth 2 client credentials flow, so Authorize can fetch a service token itself', async () => {
    const scheme = doc.components.securitySchemes.serviceClient as { type: string; flows: Record<string, { tokenUrl: string; scopes: Record<string, string> }> };
    expect(scheme.type).to.equal('oauth2');
    expect(Object.keys(scheme.flows)).to.deep.equal(['clientCredentials']);
    const { tokenUrl, scopes } = scheme.flows.clientCredentials;
    expect(Object.keys(scopes)).to.have.members([...SCOPES]);
    for (const description of Object.values(scopes)) expect(description).to.be.a('string').and.not.equal('');
    // The token URL is the real token endpoint: a client registered with one scope gets a token there.
    const clients = new KnexServiceClientRepository(new KnexDbContext(app.db));
    const client = await registerServiceClient(clients, { name: 'openapi-flow', scopes: 'users:read', now: new Date() });
    const token = await request(app.http)
      .post(tokenUrl)
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'users:read' });
    expect(token.status, token.text).to.equal(200);
    expect(token.body.scope).to.equal('users:read');
  });

  it('takes request bodies from the validation schemas', () => {
    const schema = doc.paths['/v1/users'].post.requestBody!.content['application/json'].schema as { required: string[]; additionalProperties: boolean };
    expect(schema.required).to.include.members(['cpf', 'name', 'email']);
    expect(schema.additionalProperties).to.equal(false);
  });

  it('matches what the users and auth routes really answer', async () => {
    const password = 'a long enough password';
    const created = await request(app.http).post('/v1/users').send({ cpf: aCpf(), name: 'Ana Souza', email: `ana.${Date.now()}@example.com`, password });
    expect(created.status).to.equal(201);
    expectMatches(userResponse, created.body);
    const login = await request(app.http).post('/v1/auth/login').send({ cpf: created.body.cpf, password });
    expect(login.status).to.equal(200);
    expectMatches(tokenPairResponse, login.body);
    const admin = asUser(app, created.body.id, 'admin');
    const lastPage = await request(app.http).get('/v1/users').set('Authorization', admin);
    expect(lastPage.status).to.equal(200);
    expect(lastPage.body.nextCursor).to.equal(null);
    expectMatches(userPageResponse, lastPage.body);
    const one = await request(app.http).get(`/v1/users/${created.body.cpf}`).set('Authorization', admin);
    expect(one.status).to.equal(200);
    expectMatches(userResponse, one.body);
  });

  it('matches what the money routes really answer', async () => {
    const owner = await request(app.http).post('/v1/users').send({ cpf: aCpf(), name: 'Caio Lima', email: `caio.${Date.now()}@example.com` });
    expect(owner.status).to.equal(201);
    const customer = asUser(app, owner.body.id);
    const opened = await request(app.http).post('/v1/accounts').set('Authorization', customer).send({ currency: 'BRL' });
    expect(opened.status, opened.text).to.equal(201);
    expectMatches(accountResponse, opened.body);
    const deposit = await request(app.http)
      .post(`/v1/accounts/${opened.body.id}/deposits`)
      .set('Authorization', customer)
      .set('Idempotency-Key', `openapi-${Date.now()}`)
      .send({ amount: 1500, currency: 'BRL', source: 'tok_visa' });
    expect(deposit.status, deposit.text).to.equal(201);
    expectMatches(transactionResponse, deposit.body);
    const transaction = await request(app.http).get(`/v1/transactions/${deposit.body.id}`).set('Authorization', customer);
    expect(transaction.status).to.equal(200);
    expectMatches(transactionResponse, transaction.body);
    const statement = await request(app.http).get(`/v1/accounts/${opened.body.id}/transactions`).set('Authorization', customer);
    expect(statement.status).to.equal(200);
    expect(statement.body.items).to.have.length(1);
    expectMatches(statementPageResponse, statement.body);
    const accounts = await request(app.http).get('/v1/accounts').set('Authorization', customer);
    expect(accounts.status).to.equal(200);
    expectMatches(accountPageResponse, accounts.body);
    const refund = await request(app.http)
      .post(`/v1/transactions/${deposit.body.id}/refund`)
      .set('Authorization', asUser(app, owner.body.id, 'admin'))
      .set('Idempotency-Key', `openapi-refund-${Date.now()}`)
      .send({ amount: 500 });
    expect(refund.status, refund.text).to.equal(201);
    expectMatches(transactionResponse, refund.body);
    const integrity = await request(app.http).get('/v1/ledger/integrity').set('Authorization', asUser(app, owner.body.id, 'admin'));
    expect(integrity.status).to.equal(200);
    expectMatches(integrityReportResponse, integrity.body);
  });

  it('serves Swagger UI at /docs/ under the default content security policy', async () => {
    const redirect = await request(app.http).get('/docs');
    expect(redirect.status).to.equal(301);
    expect(redirect.headers.location).to.equal('/docs/');
    const page = await request(app.http).get('/docs/');
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.text).to.include('swagger-ui-bundle.js');
    expect(page.headers['content-security-policy']).to.include("script-src 'self'");
    const init = await request(app.http).get('/docs/swagger-ui-init.js');
    expect(init.status).to.equal(200);
    expect(init.text).to.include('"/openapi.json"');
    const bundle = await request(app.http).get('/docs/swagger-ui-bundle.js');
    expect(bundle.status).to.equal(200);
    expect(bundle.headers['content-type']).to.match(/javascript/);
  });
});
