#!/usr/bin/env bash
# Rehearses a rolling deploy on this machine: two instances of the built server (dist/) behind
# HAProxy with deploy/haproxy.cfg, keep-alive load through the balancer, and one instance sent
# SIGTERM halfway. Prints how many requests failed (the goal: none).
#
#   npm run build
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres deploy/rehearse-drain.sh [seconds]
#
# Needs haproxy (2.4+) and PostgreSQL (both instances share it, as in production). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database (the instances share it)}"
DURATION=${1:-12}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
LB=$(port) P1=$(port) P2=$(port)

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
NODE_ENV=production PAYMENT_GATEWAY_URL=sandbox DATABASE_URL="$DATABASE_URL" JWT_PRIVATE_KEY_FILE="$WORK/key.pem" node dist/src/cli/main.js migrate

# Behind the balancer, as in production: TRUST_PROXY=1 takes the client address from the
# X-Forwarded-For HAProxy adds. Every request here comes from this one machine, so the rate limits
# (which are not what is rehearsed) are lifted.
start_instance() {
  (exec env NODE_ENV=production PAYMENT_GATEWAY_URL=sandbox DATABASE_URL="$DATABASE_URL" JWT_PRIVATE_KEY_FILE="$WORK/key.pem" ${REDIS_URL:+REDIS_URL=$REDIS_URL} \
    HOST=127.0.0.1 PORT="$1" LOG_LEVEL=warn SHUTDOWN_DRAIN_MS="${SHUTDOWN_DRAIN_MS:-5000}" \
    TRUST_PROXY=1 RATE_LIMIT_PER_MINUTE=1000000 node dist/src/main.js) >"$WORK/api-$1.log" 2>&1 &
  PIDS+=("$!")
}
start_instance "$P1"; API1=${PIDS[-1]}
start_instance "$P2"

for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P1/health/ready")" = 200 ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P2/health/ready")" = 200 ] && break
  sleep 0.5
done

# The example configuration, pointed at the two local instances. Started once both are ready: a
# check that finds an instance still booting marks it down, and coming back up then takes
# rise x downinter (10 s), long enough to fail the load below on a busy machine.
sed -e "s/^    bind :8080/    bind 127.0.0.1:$LB/" -e "s/ api1:3000/ 127.0.0.1:$P1/" -e "s/ api2:3000/ 127.0.0.1:$P2/" \
  deploy/haproxy.cfg >"$WORK/haproxy.cfg"
haproxy -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
PIDS+=("$!")
sleep 3 # let HAProxy's checks see both servers up

echo "load: ${DURATION}s through HAProxy on :$LB, instance :$P1 gets SIGTERM at $((DURATION / 3))s"
( sleep $((DURATION / 3)); echo "SIGTERM -> instance :$P1"; kill -TERM "$API1" ) &

node - "$LB" "$DURATION" <<'EOF'
const http = require('node:http');
const [port, seconds] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const end = Date.now() + seconds * 1000;
const counts = {};
let sent = 0;
const cpf = () => {
  const d = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  const c = (a) => { const r = (a.reduce((t, x, i) => t + x * (a.length + 1 - i), 0) * 10) % 11; return r === 10 ? 0 : r; };
  d.push(c(d)); d.push(c(d));
  return d.join('');
};
function once() {
  return new Promise((resolve) => {
    const write = sent++ % 4 === 0;
    const body = write ? JSON.stringify({ cpf: cpf(), name: 'Drain Rehearsal', email: `drain.${Date.now()}.${sent}@example.com` }) : undefined;
    const req = http.request({ host: '127.0.0.1', port, agent, method: write ? 'POST' : 'GET', path: write ? '/v1/users' : '/health/live',
      headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {} }, (res) => {
      res.resume();
      res.on('end', () => { const k = String(res.statusCode); counts[k] = (counts[k] || 0) + 1; resolve(); });
    });
    req.on('error', (e) => { counts[e.code || 'error'] = (counts[e.code || 'error'] || 0) + 1; resolve(); });
    req.end(body);
  });
}
(async () => {
  // 16 workers, each one request at a time (bounded by the clock).
  await Promise.all(Array.from({ length: 16 }, async () => { while (Date.now() < end) await once(); }));
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const bad = Object.entries(counts).filter(([k]) => !/^2\d\d$/.test(k) && k !== '409').reduce((a, [, v]) => a + v, 0);
  console.log(`requests: ${total}, by outcome: ${JSON.stringify(counts)}, failed: ${bad}`);
  agent.destroy();
  process.exit(bad === 0 ? 0 : 1);
})();
EOF
status=$?
set +e; wait "$API1"; echo "instance :$P1 exit code: $?"; set -e
exit $status
