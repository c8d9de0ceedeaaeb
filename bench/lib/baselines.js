// Starts the hand-written baselines of GET /v1/users/{cpf} next to fincore.
const path = require('node:path');
const { start } = require('./processes');
const { waitReady } = require('./http');

const BASELINES = { express: 'express.js', nest: 'nest.js', 'node:http': 'raw-http.js' };

async function startBaseline(name, port, { databaseUrl, redisUrl, keyFile }) {
  const env = { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, BENCH_JWT_KEY_FILE: keyFile };
  const child = start('server', process.execPath, [path.join(__dirname, '../baselines', BASELINES[name])], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  const readySeconds = await waitReady(base, '/health/ready');
  return { name, child, base, readySeconds };
}

module.exports = { startBaseline, BASELINES };
