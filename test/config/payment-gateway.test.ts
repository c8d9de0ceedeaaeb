import { expect } from 'chai';
import { Writable } from 'node:stream';
import pino from 'pino';
import { warnIfSandboxInProduction } from '../../src/config/modules/financial.module';
import { loadSettings } from '../../src/config/settings';

function capturedLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/fincore', JWT_PRIVATE_KEY_FILE: '/run/secrets/jwt.pem' };

describe('the sandbox gateway in production', () => {
  it('warns at start-up when production runs the sandbox', async () => {
    const { logger, lines } = capturedLogger();
    warnIfSandboxInProduction(loadSettings({ ...production, PAYMENT_GATEWAY_URL: 'sandbox' }), logger);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => [line.level, line.msg])).to.deep.equal([[40, 'PAYMENT_GATEWAY_URL=sandbox in production: deposits and withdrawals are simulated, no money moves']]);
  });

  it('stays quiet for the sandbox in development and for a real gateway in production', async () => {
    const { logger, lines } = capturedLogger();
    warnIfSandboxInProduction(loadSettings({}), logger);
    warnIfSandboxInProduction(loadSettings({ ...production, PAYMENT_GATEWAY_URL: 'https://pay.example.com' }), logger);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).to.deep.equal([]);
  });
});
