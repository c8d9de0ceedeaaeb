import { expect } from 'chai';
import request from 'supertest';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { aCpf } from '../../helpers/cpf';
import { type StoredUser, storeAdmin, storeUser } from '../../helpers/users';
import { aKey } from '../financial/bank';
import { BROKEN_ENCODINGS, BROKEN_SEGMENTS, NON_CANONICAL_UUIDS, Picker, UNSAFE_CHARACTERS, UUID, percentEncode, seededRandom } from './hostile-values';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
}
interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyFields: Record<string, JsonSchema> | undefined;
}
interface Attempt {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 4);
const METHODS = new Set(['get', 'post', 'patch', 'put', 'delete']);
/** The one endpoint whose 4xx bodies are OAuth 2 errors (RFC 6749), not problem+json. */
const OAUTH_PATH = '/v1/auth/token';

function operationsOf(document: { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, byMethod] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      if (!METHODS.has(method)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content;
      const schema = content ? (content['application/json'] ?? Object.values(content)[0]).schema : undefined;
      operations.push({
        method: method as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: schema?.properties,
      });
    }
  }
  return operations;
}

/** A plausible value for a body field, so that the one hostile field is what the request is refused for. */
function plausible(name: string, schema: JsonSchema): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return 100;
  if (schema.type === 'boolean') return true;
  const known: Record<string, string> = { cpf: aCpf(), ownerCpf: aCpf(), currency: 'BRL', email: 'fuzz@example.com', name: 'Fuzz Person', source: 'tok_visa', destination: 'bank_001', grant_type: 'client_credentials' };
  return known[name] ?? (name.toLowerCase().endsWith('id') ? UUID : 'plausible text');
}

/**
 * One malformed request for `op`: hostility goes where the route reads it. Path ids that are not
 * hostile are well-formed but unknown, so that even a request that got through would change nothing.
 */
function hostileAttempt(op: Operation, pick: Picker, authorization: string | undefined): Attempt {
  const headers: Record<string, string> = { 'Idempotency-Key': aKey() };
  if (authorization) headers.Authorization = authorization;
  const kinds = [...(op.pathParams.length ? ['path', 'path', 'uuid'] : []), ...(op.bodyFields ? ['field', 'field', 'encoding'] : []), ...(op.queryParams.length ? ['query'] : []), 'unknownRoute'];
  const kind = pick.one(kinds);
  const fill = (param: string, hostile: string | undefined) =>
    op.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === param && hostile !== undefined ? hostile : name === 'cpf' ? aCpf() : UUID));
  let url = fill('', undefined);
  let body: string | Buffer | undefined;
  switch (kind) {
    case 'path':
      url = fill(pick.one(op.pathParams), pick.one(BROKEN_SEGMENTS));
      break;
    case 'uuid':
      url = fill(pick.one(op.pathParams), percentEncode(pick.one(NON_CANONICAL_UUIDS)));
      break;
    case 'query':
      url += `?${pick.one(op.queryParams)}=${percentEncode(pick.insert('abc', pick.one(UNSAFE_CHARACTERS)))}`;
      break;
    case 'unknownRoute':
      url = `${fill('', undefined)}/${pick.one(BROKEN_SEGMENTS)}`;
      break;
    case 'encoding': {
      const broken = pick.one(BROKEN_ENCODINGS);
      headers['Content-Type'] = 'application/json';
      headers['Content-Encoding'] = broken.encoding;
      body = broken.bytes;
      break;
    }
    default: {
      const fields = Object.entries(op.bodyFields ?? {});
      const payload: Record<string, unknown> = Object.fromEntries(fields.map(([name, schema]) => [name, plausible(name, schema)]));
      const strings = fields.filter(([, schema]) => schema.type === 'string').map(([name]) => name);
      const target = strings.length ? pick.one(strings) : `na${pick.one(UNSAFE_CHARACTERS)}me`;
      payload[target] = pick.insert(String(payload[target] ?? 'x'), pick.one(UNSAFE_CHARACTERS));
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(payload);
      if (op.path === OAUTH_PATH && pick.random() < 0.3) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = pick.random() < 0.5 ? new URLSearchParams(payload as Record<string, string>).toString() : Array.from({ length: 1001 }, (_, i) => `p${i}=1`).join('&');
      }
    }
  }
  return { method: op.method, url, headers, body };
}

/**
 * Property: across every operation of the OpenAPI document, as an admin, a customer and an
 * anonymous caller, a malformed request never gets a 5xx, every 4xx is problem+json (OAuth 2
 * errors on the token endpoint), and nothing is stored. FUZZ_SEED and FUZZ_ROUNDS vary the run.
 */
describe(`hostile requests on every documented route (seed ${SEED})`, () => {
  let app: FincoreApp;
  let admin: StoredUser;
  let customer: StoredUser;
  const snapshot = async () => {
    const count = async (table: string) => Number((await app.db(table).count<{ n: string }[]>('* as n'))[0].n);
    const users = await app.db('users').orderBy('id').select('id', 'name', 'email', 'role', 'is_active', 'updated_at');
    const integrity = await request(app.http).get('/v1/ledger/integrity').set('Authorization', admin.authorization);
    return {
      users,
      accounts: await app.db('accounts').orderBy('id').select('id', 'status', 'balance'),
      transactions: await count('ledger_transactions'),
      refreshFamilies: await count('refresh_token_families'),
      ssoIdentities: await count('sso_identities'),
      integrity: integrity.body.balanced as unknown,
    };
  };

  before(async function () {
    this.timeout(60_000);
    app = await createTestApp({ RATE_LIMIT_PER_MINUTE: '1000000' });
    admin = await storeAdmin(app);
    customer = await storeUser(app);
    const opened = await request(app.http).post('/v1/accounts').set('Authorization', customer.authorization).send({ currency: 'BRL' });
    expect(opened.status, opened.text).to.equal(201);
  });
  after(async () => {
    await app.close();
  });

  it('never answers 5xx, always problem+json, and changes nothing', async function () {
    this.timeout(120_000);
    const document = (await request(app.http).get('/openapi.json')).body;
    const operations = operationsOf(document);
    expect(operations.length, 'operations in /openapi.json').to.be.greaterThan(20);
    const pick = new Picker(seededRandom(SEED));
    const before = await snapshot();
    const failures: string[] = [];
    let sent = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const op of operations) {
        for (const authorization of [admin.authorization, customer.authorization, undefined]) {
          const attempt = hostileAttempt(op, pick, authorization);
          let req = request(app.http)[attempt.method as 'get'](attempt.url);
          for (const [name, value] of Object.entries(attempt.headers)) req = req.set(name, value);
          const res = await (attempt.body === undefined ? req : req.send(attempt.body));
          sent++;
          const describeIt = `${attempt.method.toUpperCase()} ${attempt.url} ${JSON.stringify(attempt.headers['Content-Encoding'] ?? '')} ${String(attempt.body ?? '').slice(0, 80)} -> ${res.status}`;
          const oauthError = op.path === OAUTH_PATH && typeof res.body?.error === 'string';
          if (res.status >= 500) failures.push(`5xx: ${describeIt}`);
          else if (res.status < 400) failures.push(`accepted: ${describeIt}`);
          else if (!oauthError && !/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) failures.push(`not problem+json: ${describeIt}`);
        }
      }
    }
    expect(failures, `seed ${SEED}, ${sent} requests`).to.deep.equal([]);
    expect(await snapshot()).to.deep.equal(before);
    expect(sent).to.be.greaterThan(200);
  });
});
