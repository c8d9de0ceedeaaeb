// GET BENCH_URL at a fixed BENCH_RATE per second for BENCH_SECONDS (wrk2 is not packaged here).
// Latency counts from when each request was due, not when it left, so a stalled server cannot
// hide its queue (coordinated omission). Prints the same BENCH_JSON summary as the wrk scripts.
const http = require('node:http');

const url = new URL(process.env.BENCH_URL);
const rate = Number(process.env.BENCH_RATE);
const seconds = Number(process.env.BENCH_SECONDS);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const headers = { authorization: `Bearer ${process.env.BENCH_TOKEN}` };

const latencies = [];
let failed = 0;
let due = 0;
let outstanding = 0;

function send(dueAt) {
  outstanding++;
  const req = http.get({ host: url.hostname, port: url.port, path: url.pathname, headers, agent }, (res) => {
    res.resume();
    res.on('end', () => {
      outstanding--;
      if (res.statusCode === 200) latencies.push(performance.now() - dueAt);
      else failed++;
    });
  });
  req.on('error', () => {
    outstanding--;
    failed++;
  });
}

const started = performance.now();
const timer = setInterval(() => {
  const elapsed = performance.now() - started;
  if (elapsed >= seconds * 1000) {
    clearInterval(timer);
    return finish();
  }
  for (const target = Math.floor((elapsed / 1000) * rate); due < target; due++) send(started + (due * 1000) / rate);
}, 1);

function finish() {
  const wait = setInterval(() => {
    if (outstanding > 0 && performance.now() - started < (seconds + 10) * 1000) return;
    clearInterval(wait);
    latencies.sort((a, b) => a - b);
    const at = (p) => Math.round((latencies[Math.floor(p * (latencies.length - 1))] ?? 0) * 1000);
    const summary = { requests: latencies.length, seconds, non2xx: failed, socketErrors: 0, p50: at(0.5), p99: at(0.99) };
    console.log(`BENCH_JSON ${JSON.stringify(summary)}`);
    agent.destroy();
  }, 5);
}
