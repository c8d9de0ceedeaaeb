// Keep-alive load for rehearse-drain.sh: WORKERS clients, each one request at a time, through the
// balancer, until SIGTERM. Every failure is classified and attributed to the restart it happened
// during (rehearse-drain.sh writes the current restart number into the file named by argv[3]).
//
//   node deploy/rehearse-load.cjs <balancer port> <restart-number file> [workers]
//
// Prints one JSON summary on stdout when stopped.
'use strict';
const { Buffer } = require('node:buffer');
const http = require('node:http');
const fs = require('node:fs');

const [port, restartFile] = [Number(process.argv[2]), process.argv[3]];
const workers = Number(process.argv[4] || 8);
// Far above any normal answer here; a request still unanswered then counts as a timeout.
const REQUEST_TIMEOUT_MS = 10_000;
const agent = new http.Agent({ keepAlive: true, maxSockets: workers });

const outcomes = {};
const failuresPerRestart = {};
const failuresByRequest = {};
let stopping = false;
let sent = 0;

const currentRestart = () => {
  try {
    return fs.readFileSync(restartFile, 'utf8').trim() || '0';
  } catch {
    return '0';
  }
};
const count = (kind, request) => {
  outcomes[kind] = (outcomes[kind] || 0) + 1;
  if (kind.startsWith('ok')) return;
  failuresByRequest[request] = (failuresByRequest[request] || 0) + 1;
  const restart = currentRestart();
  failuresPerRestart[restart] = failuresPerRestart[restart] || {};
  failuresPerRestart[restart][kind] = (failuresPerRestart[restart][kind] || 0) + 1;
};

const cpf = () => {
  const d = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  const check = (a) => {
    const r = (a.reduce((t, x, i) => t + x * (a.length + 1 - i), 0) * 10) % 11;
    return r === 10 ? 0 : r;
  };
  d.push(check(d));
  d.push(check(d));
  return d.join('');
};

// A status from the balancer itself is not problem+json: HAProxy's error pages are text/html.
function classify(res) {
  const s = res.statusCode;
  if (s < 300 || s === 409) return 'ok';
  const fromService = /json/.test(String(res.headers['content-type']));
  return `${fromService ? 'service' : 'balancer'}-${s}`;
}

function once() {
  return new Promise((resolve) => {
    // One in four is a write (anonymous sign-up: a database INSERT), the rest the cheapest answer (liveness).
    const write = sent++ % 4 === 0;
    const what = write ? 'POST /v1/users' : 'GET /health/live';
    const body = write ? JSON.stringify({ cpf: cpf(), name: 'Drain Rehearsal', email: `drain.${process.pid}.${sent}@example.com` }) : undefined;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: write ? 'POST' : 'GET',
        path: write ? '/v1/users' : '/health/live',
        headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {},
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          count(classify(res), what);
          resolve();
        });
        res.on('error', () => {
          count('reset', what);
          resolve();
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e) => {
      const kind = e.code === 'TIMEOUT' ? 'timeout' : ['ECONNRESET', 'EPIPE'].includes(e.code) || e.message === 'socket hang up' ? 'reset' : e.code || 'error';
      count(kind, what);
      resolve();
    });
    req.end(body);
  });
}

process.on('SIGTERM', () => {
  stopping = true;
});

(async () => {
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!stopping) await once();
    }),
  );
  const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
  const failed = total - (outcomes.ok || 0);
  console.log(JSON.stringify({ requests: total, failed, outcomes, failuresPerRestart, failuresByRequest }));
  agent.destroy();
})();
