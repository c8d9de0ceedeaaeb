import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigurationError, loadSettings } from '../../src/config/settings';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigurationError);
    return (error as ConfigurationError).problems;
  }
  return expect.fail('loadSettings should have refused the configuration');
}

describe('loadSettings', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(loadSettings({})).to.deep.include({
      port: 3000,
      host: '127.0.0.1',
      nodeEnv: 'development',
      appName: 'fincore',
      apiVersion: 'v1',
      logLevel: 'info',
      databaseUrl: undefined,
      dataDir: './.data',
      dbPoolSize: 10,
      autoMigrate: true,
      redisUrl: undefined,
      redisTtlSeconds: 3600,
      redisKeyPrefix: 'fincore:',
      jwtPrivateKey: undefined,
      jwtPrivateKeyFile: undefined,
      jwtPublicKeysFile: undefined,
      jwtIssuer: 'fincore',
      jwtAudience: 'fincore-api',
      accessTokenExpireMinutes: 15,
      refreshTokenExpireDays: 30,
      refreshTokenAbsoluteDays: 90,
      corsOrigins: [],
      ssoIssuer: undefined,
      ssoJwksUrl: undefined,
      ssoAudience: undefined,
      paymentGatewayUrl: undefined,
      paymentGatewayTimeoutMs: 5000,
      supportedCurrencies: ['BRL'],
      selfSignup: true,
      rateLimitPerMinute: 600,
      shutdownDrainMs: 0,
      keepAliveTimeoutMs: 65000,
      webhooksAllowPrivate: true,
      webhookWorkerIntervalMs: 2000,
      webhookTimeoutMs: 10000,
    });
  });

  it('allows webhooks to private addresses off production only, unless told otherwise', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/fincore', JWT_PRIVATE_KEY_FILE: '/run/secrets/jwt.pem', PAYMENT_GATEWAY_URL: 'sandbox' };
    expect(loadSettings(production).webhooksAllowPrivate).to.equal(false);
    expect(loadSettings({ ...production, WEBHOOKS_ALLOW_PRIVATE: 'true' }).webhooksAllowPrivate).to.equal(true);
    expect(loadSettings({ WEBHOOKS_ALLOW_PRIVATE: 'false' }).webhooksAllowPrivate).to.equal(false);
    expect(problemsOf({ WEBHOOKS_ALLOW_PRIVATE: 'maybe', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_WORKER_INTERVAL_MS: '0' }).join('\n')).to.match(/WEBHOOKS_ALLOW_PRIVATE[\s\S]*WEBHOOK_WORKER_INTERVAL_MS[\s\S]*WEBHOOK_TIMEOUT_MS/);
  });

  it('drains and listens on every address only in production, where it does not auto-migrate', () => {
    expect(loadSettings({ NODE_ENV: 'test' }).shutdownDrainMs).to.equal(0);
    expect(loadSettings({ NODE_ENV: 'development' })).to.deep.include({ shutdownDrainMs: 0, host: '127.0.0.1' });
    const production = loadSettings({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/fincore', JWT_PRIVATE_KEY_FILE: '/run/secrets/jwt.pem', PAYMENT_GATEWAY_URL: 'sandbox' });
    expect(production.autoMigrate).to.equal(false);
    expect(production).to.deep.include({ shutdownDrainMs: 5000, host: '0.0.0.0' });
  });

  it('takes a Redis key prefix and refuses one that could not be told apart in a key', () => {
    expect(loadSettings({ REDIS_KEY_PREFIX: 'staging:fincore:' }).redisKeyPrefix).to.equal('staging:fincore:');
    expect(() => loadSettings({ REDIS_KEY_PREFIX: 'has space' })).to.throw(ConfigurationError, /REDIS_KEY_PREFIX/);
  });

  it('converts and trims values', () => {
    const settings = loadSettings({
      PORT: '8080',
      AUTO_MIGRATE: 'false',
      SELF_SIGNUP: 'false',
      CORS_ORIGINS: ' https://app.example.com , http://localhost:5173 ',
      SUPPORTED_CURRENCIES: 'BRL,USD',
      REDIS_URL: 'redis://cache:6379',
      DATABASE_URL: 'postgresql://u@db/fincore',
      JWT_PRIVATE_KEY: '',
    });
    expect(settings.port).to.equal(8080);
    expect(settings.autoMigrate).to.equal(false);
    expect(settings.selfSignup).to.equal(false);
    expect(settings.corsOrigins).to.deep.equal(['https://app.example.com', 'http://localhost:5173']);
    expect(settings.supportedCurrencies).to.deep.equal(['BRL', 'USD']);
    expect(settings.redisUrl).to.equal('redis://cache:6379');
    expect(settings.databaseUrl).to.equal('postgresql://u@db/fincore');
    expect(settings.jwtPrivateKey, 'an empty variable counts as unset').to.equal(undefined);
  });

  it('lists every bad variable in one ConfigurationError', () => {
    const problems = problemsOf({
      PORT: 'abc',
      NODE_ENV: 'staging',
      LOG_LEVEL: 'loud',
      DB_POOL_SIZE: '0',
      AUTO_MIGRATE: 'maybe',
      REDIS_URL: 'http://cache',
      REDIS_TTL: '-1',
      ACCESS_TOKEN_EXPIRE_MINUTES: '0',
      CORS_ORIGINS: 'https://ok.example.com,not a url',
      PAYMENT_GATEWAY_URL: 'ftp://gateway',
      SUPPORTED_CURRENCIES: 'brl',
      KEEP_ALIVE_TIMEOUT_MS: '10',
    });
    for (const name of [
      'PORT',
      'NODE_ENV',
      'LOG_LEVEL',
      'DB_POOL_SIZE',
      'AUTO_MIGRATE',
      'REDIS_URL',
      'REDIS_TTL',
      'ACCESS_TOKEN_EXPIRE_MINUTES',
      'CORS_ORIGINS',
      'PAYMENT_GATEWAY_URL',
      'SUPPORTED_CURRENCIES',
      'KEEP_ALIVE_TIMEOUT_MS',
    ]) {
      expect(problems.some((p) => p.includes(name)), `${name} named in ${JSON.stringify(problems)}`).to.equal(true);
    }
    expect(problems).to.have.length(12);
  });

  it('takes REFRESH_TOKEN_ABSOLUTE_DAYS as whole days, 1 to 3650', () => {
    expect(loadSettings({ REFRESH_TOKEN_ABSOLUTE_DAYS: '7' }).refreshTokenAbsoluteDays).to.equal(7);
    for (const bad of ['0', '3651', '1.5', 'ninety']) {
      expect(problemsOf({ REFRESH_TOKEN_ABSOLUTE_DAYS: bad }), bad).to.have.length(1).and.satisfy((p: string[]) => p[0].includes('REFRESH_TOKEN_ABSOLUTE_DAYS'));
    }
  });

  it('puts each problem on its own line of the message', () => {
    const error = new ConfigurationError(['"PORT" must be a number', '"HOST" is not allowed to be empty']);
    expect(error.message).to.equal('Invalid configuration:\n  - "PORT" must be a number\n  - "HOST" is not allowed to be empty');
  });

  it('requires DATABASE_URL, a JWT key and a payment gateway in production, all named at once', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.join('\n')).to.contain('DATABASE_URL').and.contain('JWT_PRIVATE_KEY').and.contain('PAYMENT_GATEWAY_URL');
  });

  it('takes PAYMENT_GATEWAY_URL=sandbox as an explicit choice of the built-in sandbox', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/f', JWT_PRIVATE_KEY: 'pem' };
    expect(loadSettings({ ...production, PAYMENT_GATEWAY_URL: 'sandbox' }).paymentGatewayUrl).to.equal(undefined);
    expect(loadSettings({ ...production, PAYMENT_GATEWAY_URL: 'https://pay.example.com' }).paymentGatewayUrl).to.equal('https://pay.example.com');
    expect(loadSettings({}).paymentGatewayUrl).to.equal(undefined);
  });

  it('accepts either JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE in production', () => {
    expect(loadSettings({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/f', JWT_PRIVATE_KEY: 'pem', PAYMENT_GATEWAY_URL: 'sandbox' }).jwtPrivateKey).to.equal('pem');
    expect(problemsOf({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/f', JWT_PRIVATE_KEY: '  ' }).join()).to.contain('JWT_PRIVATE_KEY');
  });

  it('refuses CORS_ORIGINS=* (credentials are allowed), also alongside other problems', () => {
    expect(problemsOf({ CORS_ORIGINS: '*' }).join()).to.contain('CORS_ORIGINS');
    const problems = problemsOf({ CORS_ORIGINS: 'https://a.example.com,*', PORT: 'abc' });
    expect(problems.join('\n')).to.contain('CORS_ORIGINS').and.contain('PORT');
  });

  it('treats an empty list variable as unset, and refuses a currency list with no currency', () => {
    const settings = loadSettings({ CORS_ORIGINS: '', SUPPORTED_CURRENCIES: '' });
    expect(settings.corsOrigins).to.deep.equal([]);
    expect(settings.supportedCurrencies).to.deep.equal(['BRL']);
    expect(problemsOf({ SUPPORTED_CURRENCIES: ' , ' }).join()).to.contain('SUPPORTED_CURRENCIES');
  });

  describe('plain http in production', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/f', JWT_PRIVATE_KEY: 'pem', PAYMENT_GATEWAY_URL: 'sandbox' };
    const sso = (jwksUrl: string) => ({ SSO_ISSUER: 'https://sso.example.com', SSO_JWKS_URL: jwksUrl, SSO_AUDIENCE: 'fincore' });

    it('refuses http:// for the gateway, the SSO keys and CORS origins, naming every one at once', () => {
      const problems = problemsOf({
        ...production,
        PAYMENT_GATEWAY_URL: 'http://pay.example.com',
        ...sso('http://sso.example.com/jwks'),
        CORS_ORIGINS: 'https://app.example.com,http://admin.example.com',
      });
      expect(problems).to.have.length(3);
      for (const name of ['PAYMENT_GATEWAY_URL', 'SSO_JWKS_URL', 'CORS_ORIGINS']) {
        expect(problems.some((p) => p.includes(name) && /https/.test(p)), `${name} named in ${JSON.stringify(problems)}`).to.equal(true);
      }
      expect(problems.join('\n')).to.contain('http://admin.example.com');
    });

    it('names them alongside other problems of the same run', () => {
      const problems = problemsOf({ NODE_ENV: 'production', PAYMENT_GATEWAY_URL: 'http://pay.example.com', PORT: 'abc' });
      expect(problems.some((p) => p.includes('PAYMENT_GATEWAY_URL') && p.includes('https')), JSON.stringify(problems)).to.equal(true);
      expect(problems.join('\n')).to.contain('PORT').and.contain('DATABASE_URL').and.contain('JWT_PRIVATE_KEY');
    });

    it('accepts https, and http to a loopback host (127.0.0.0/8, ::1, localhost)', () => {
      for (const url of ['https://pay.example.com', 'http://127.0.0.1:8080', 'http://127.10.20.30', 'http://[::1]:9000/v1', 'http://localhost:4000', 'http://LOCALHOST', 'http://[::ffff:127.0.0.1]']) {
        expect(loadSettings({ ...production, PAYMENT_GATEWAY_URL: url }).paymentGatewayUrl, url).to.equal(url);
        expect(loadSettings({ ...production, ...sso(`${url}/jwks`) }).ssoJwksUrl, url).to.equal(`${url}/jwks`);
      }
      expect(loadSettings({ ...production, CORS_ORIGINS: 'http://localhost:5173,https://app.example.com' }).corsOrigins).to.deep.equal(['http://localhost:5173', 'https://app.example.com']);
    });

    it('is not fooled by hosts that only look like loopback', () => {
      for (const url of ['http://127.0.0.1.example.com', 'http://localhost.example.com', 'http://128.0.0.1', 'http://[::2]', 'http://localhost@pay.example.com']) {
        expect(problemsOf({ ...production, PAYMENT_GATEWAY_URL: url }).join(), url).to.contain('PAYMENT_GATEWAY_URL');
      }
    });

    it('still allows http:// outside production', () => {
      expect(loadSettings({ PAYMENT_GATEWAY_URL: 'http://pay.internal', ...sso('http://sso.internal/jwks'), CORS_ORIGINS: 'http://app.internal' })).to.deep.include({
        paymentGatewayUrl: 'http://pay.internal',
        ssoJwksUrl: 'http://sso.internal/jwks',
        corsOrigins: ['http://app.internal'],
      });
    });
  });

  it('wants the three SSO variables together', () => {
    expect(problemsOf({ SSO_ISSUER: 'https://sso.example.com' }).join()).to.contain('SSO_JWKS_URL').and.contain('SSO_AUDIENCE');
    const settings = loadSettings({ SSO_ISSUER: 'https://sso.example.com', SSO_JWKS_URL: 'https://sso.example.com/jwks', SSO_AUDIENCE: 'fincore' });
    expect(settings.ssoJwksUrl).to.equal('https://sso.example.com/jwks');
  });
});

describe('process start-up with a bad configuration', () => {
  it('exits 1 with a message naming PORT, and no stack trace', function () {
    this.timeout(30_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-config-'));
    try {
      const root = path.resolve(__dirname, '../..');
      const result = spawnSync(process.execPath, ['-r', 'tsx/cjs', 'src/main.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH, PORT: 'abc', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 25_000,
      });
      expect(result.status, result.stderr).to.equal(1);
      const output = `${result.stdout}${result.stderr}`;
      expect(output).to.contain('PORT');
      expect(output).to.not.match(/\n\s+at /);
      // Nothing was opened: the configuration is checked before the database and keys.
      expect(fs.readdirSync(dataDir)).to.deep.equal([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
