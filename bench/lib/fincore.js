// fincore from its compiled build, with production settings, on the bench's PostgreSQL database
// and its own Redis db.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { start, run } = require('./processes');
const { waitReady, call } = require('./http');

const ROOT = path.resolve(__dirname, '../..');
const DIST = process.env.BENCH_FINCORE_DIST || path.join(ROOT, 'dist');
const ADMIN = { cpf: '52998224725', name: 'Bench Admin', email: 'bench.admin@example.com', password: crypto.randomBytes(18).toString('base64url') };

function environment(databaseUrl, redisUrl, port, workDir) {
  const keyFile = path.join(workDir, 'jwt.pem');
  if (!fs.existsSync(keyFile)) {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    JWT_PRIVATE_KEY_FILE: keyFile,
    PAYMENT_GATEWAY_URL: 'sandbox',
    // Limits stay in the request path (their Redis commands are part of the cost) but never refuse.
    RATE_LIMIT_PER_MINUTE: '1000000000',
    // One token lasts the whole run.
    ACCESS_TOKEN_EXPIRE_MINUTES: '1440',
    SHUTDOWN_DRAIN_MS: '0',
  };
}

/** Migrations and the first admin through the compiled CLI, as an operator would. */
async function prepare(env) {
  const cli = path.join(DIST, 'src/cli/main.js');
  await run('server', process.execPath, [cli, 'migrate'], { env });
  await run('server', process.execPath, [cli, 'users:create-admin', '--cpf', ADMIN.cpf, '--name', ADMIN.name, '--email', ADMIN.email], {
    env,
    input: `${ADMIN.password}\n`,
  });
}

/**
 * Starts the server and resolves once /health/ready answers 200, with the time that took.
 * Its log goes to a file, as production writes it to a collected stream rather than a terminal.
 */
async function startFincore(env, workDir, nodeArgs = [], dist = DIST) {
  const log = fs.openSync(path.join(workDir, `fincore-${Date.now()}.log`), 'a');
  const child = start('server', process.execPath, [...nodeArgs, path.join(dist, 'src/main.js')], { env, stdio: ['ignore', log, log], cwd: workDir });
  const base = `http://127.0.0.1:${env.PORT}`;
  const readySeconds = await waitReady(base, '/health/ready');
  await untilPassing(base);
  return { child, base, readySeconds };
}

/** Ready answers 200 while Redis is still connecting ("warn"); load starts once every check passes. */
async function untilPassing(base) {
  for (let i = 0; i < 100; i++) {
    const health = await (await fetch(`${base}/health/ready`)).json();
    if (health.status === 'pass') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function adminToken(base) {
  const pair = await call(base, 'POST', '/v1/auth/login', { body: { cpf: ADMIN.cpf, password: ADMIN.password } });
  return pair.accessToken;
}

module.exports = { environment, prepare, startFincore, adminToken, ADMIN, DIST };
