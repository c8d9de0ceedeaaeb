import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import createClient from 'openapi-fetch';
import type { paths } from '../../client/fincore-api';
import type { FincoreApp } from '../../src/config/composition-root';
import { generateClientTypes } from '../../scripts/client-types';
import { createTestApp } from '../helpers/app';
import { aCpf } from '../helpers/cpf';
import { type ListeningServer, listen } from '../helpers/listening-server';

/**
 * The contract from the consumer's side: a client typed by the generated client/fincore-api.ts
 * (openapi-typescript) talks to a real server with openapi-fetch. A response shape that drifts
 * from the document breaks the typecheck of this file; an answer that drifts fails it at run time.
 */
describe('typed client (openapi-typescript + openapi-fetch) against a real server', function () {
  this.timeout(60_000);
  let app: FincoreApp;
  let server: ListeningServer;
  let client: ReturnType<typeof createClient<paths>>;

  before(async () => {
    app = await createTestApp();
    server = await listen(app.http);
    client = createClient<paths>({ baseUrl: `http://127.0.0.1:${server.port}` });
  });
  after(async () => {
    await server?.close();
    await app?.close();
  });

  it('is generated from the current document (npm run client:generate)', async () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'client', 'fincore-api.ts'), 'utf8');
    expect(committed === (await generateClientTypes()), 'client/fincore-api.ts is stale: run npm run client:generate').to.equal(true);
  });

  it('registers a user, logs in and reads the user back', async () => {
    const cpf = aCpf();
    const password = 'a typed client password';
    const registered = await client.POST('/v1/users', { body: { cpf, name: 'Tereza Client', email: `tereza.${cpf}@example.com`, password } });
    expect(registered.response.status, JSON.stringify(registered.error)).to.equal(201);
    expect(registered.data?.cpf).to.equal(cpf);

    const login = await client.POST('/v1/auth/login', { body: { cpf, password } });
    expect(login.response.status).to.equal(200);
    const accessToken: string = login.data!.accessToken;
    // @ts-expect-error the document says a token pair has no `token` field: the types are real, not `any`.
    expect(login.data!.token).to.equal(undefined);

    const headers = { Authorization: `Bearer ${accessToken}` };
    const read = await client.GET('/v1/users/{cpf}', { params: { path: { cpf } }, headers });
    expect(read.response.status).to.equal(200);
    const role: 'customer' | 'admin' = read.data!.role;
    expect(role).to.equal('customer');
    expect(read.data!.email).to.equal(`tereza.${cpf}@example.com`);

    const missing = await client.GET('/v1/users/{cpf}', { params: { path: { cpf: aCpf() } }, headers });
    expect(missing.response.status).to.equal(404);
    const code: string | undefined = missing.error?.code;
    expect(code).to.equal('USER_NOT_FOUND');
  });
});
