import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { FincoreApp } from '../../../src/config/composition-root';
import { KnexDbContext } from '../../../src/infra/database/knex/knex-db-context';
import { KnexServiceClientRepository } from '../../../src/infra/database/knex/modules/auth/knex-service-client.repository';
import { registerServiceClient } from '../../../src/infra/services/auth/service-client.registration';
import { createTestApp } from '../../helpers/app';
import { type ListeningServer, listen } from '../../helpers/listening-server';
import { type StoredUser, storeAdmin } from '../../helpers/users';

/**
 * Swagger UI in a real browser, reached by a host name that is not localhost: the page a newcomer
 * opens on a dev VM or a Docker host. A CSP that upgrades assets to https, a broken asset path or
 * a document the UI cannot render all end in a blank page, which only a browser shows.
 * .ci/run installs Debian's Chromium; without a Chromium binary the test is skipped.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOST = 'fincore.test';

const TITLE = 'Swagger UI in a browser, on a host name other than localhost';
// As the redis-server suites do: skipped with the reason in its title, so the run says why.
const describeWithChromium = existsSync(CHROMIUM) ? describe : (title: string, suite: (this: Mocha.Suite) => void) =>
  describe.skip(`${title} (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`, suite);

describeWithChromium(TITLE, function () {
  this.timeout(60_000);
  let app: FincoreApp;
  let server: ListeningServer;
  let browser: Browser;
  let admin: StoredUser;

  before(async () => {
    app = await createTestApp();
    admin = await storeAdmin(app);
    server = await listen(app.http);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // The host name resolves to the loopback in the browser only: no /etc/hosts entry needed.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await app?.close();
  });

  it('renders every operation, and Authorize + Try it out + Execute answers 200', async () => {
    const page = await (await browser.newContext()).newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
    page.on('requestfailed', (req) => failures.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
    page.setDefaultTimeout(15_000);

    await page.goto(`http://${HOST}:${server.port}/docs/`);
    await page.locator('#operations-users-getUser').waitFor();
    const doc = (await (await fetch(`http://127.0.0.1:${server.port}/openapi.json`)).json()) as { paths: Record<string, object> };
    const documented = Object.values(doc.paths).reduce((count, item) => count + Object.keys(item).length, 0);
    expect(await page.locator('.opblock').count(), 'operations rendered').to.equal(documented);

    await page.locator('.scheme-container button.authorize').click();
    const bearer = page.locator('.auth-container').filter({ hasText: 'bearerAuth' });
    await bearer.locator('input').fill(admin.authorization.replace(/^Bearer /, ''));
    await bearer.locator('button.modal-btn.authorize').click();
    // Once applied, the form shows the scheme as authorized and offers to log out instead.
    await bearer.locator('button.modal-btn', { hasText: 'Logout' }).waitFor();
    await page.locator('.modal-ux button.close-modal').click();

    const answer = await tryGetUser(page, admin.cpf);
    expect(answer.status).to.equal('200');
    expect(answer.body).to.include(admin.cpf);
    expect(failures).to.deep.equal([]);
  });

  it('fetches a service token itself with the OAuth 2 client credentials flow, and uses it', async () => {
    const clients = new KnexServiceClientRepository(new KnexDbContext(app.db));
    const client = await registerServiceClient(clients, { name: 'swagger-ui', scopes: 'users:read', now: new Date() });
    // A fresh context: Swagger UI keeps authorizations in localStorage (persistAuthorization).
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`http://${HOST}:${server.port}/docs/`);
    await page.locator('#operations-users-getUser').waitFor();

    await page.locator('.scheme-container button.authorize').click();
    const oauth = page.locator('.auth-container').filter({ hasText: 'serviceClient' });
    await oauth.locator('input[data-name="clientId"]').fill(client.clientId);
    await oauth.locator('input[data-name="clientSecret"]').fill(client.clientSecret);
    await oauth.locator('label[for="users:read-clientCredentials-checkbox-serviceClient"]').click();
    const token = page.waitForResponse((res) => res.url().endsWith('/v1/auth/token'));
    await oauth.locator('button.modal-btn.authorize').click();
    expect((await token).status(), 'the token request Swagger UI made').to.equal(200);
    await oauth.locator('button.modal-btn', { hasText: 'Logout' }).waitFor();
    await page.locator('.modal-ux button.close-modal').click();

    expect((await tryGetUser(page, admin.cpf)).status, 'read with the service token (users:read)').to.equal('200');
  });
});

/** "Try it out" + "Execute" on GET /v1/users/{cpf}, as a reader of the page would: the status and body Swagger UI shows. */
async function tryGetUser(page: Page, cpf: string): Promise<{ status: string; body: string }> {
  const operation = page.locator('#operations-users-getUser');
  await operation.locator('.opblock-summary').click();
  await operation.locator('button.try-out__btn').click();
  await operation.locator('tr[data-param-name="cpf"] input').fill(cpf);
  await operation.locator('button.execute').click();
  const response = operation.locator('.live-responses-table .response');
  await response.locator('.response-col_status').waitFor();
  return { status: (await response.locator('.response-col_status').innerText()).trim(), body: await response.locator('.response-col_description').innerText() };
}
