import { expect } from 'chai';
import { warnIfSandboxInProduction } from '../../src/config/modules/financial.module';
import { loadSettings } from '../../src/config/settings';
import { logCapture } from '../helpers/log-capture';

const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/fincore', JWT_PRIVATE_KEY_FILE: '/run/secrets/jwt.pem' };

describe('the sandbox gateway in production', () => {
  it('warns at start-up when production runs the sandbox', async () => {
    const { logger, lines } = logCapture();
    warnIfSandboxInProduction(loadSettings({ ...production, PAYMENT_GATEWAY_URL: 'sandbox' }), logger);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => [line.level, line.msg])).to.deep.equal([[40, 'PAYMENT_GATEWAY_URL=sandbox in production: deposits and withdrawals are simulated, no money moves']]);
  });

  it('stays quiet for the sandbox in development and for a real gateway in production', async () => {
    const { logger, lines } = logCapture();
    warnIfSandboxInProduction(loadSettings({}), logger);
    warnIfSandboxInProduction(loadSettings({ ...production, PAYMENT_GATEWAY_URL: 'https://pay.example.com' }), logger);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).to.deep.equal([]);
  });
});
