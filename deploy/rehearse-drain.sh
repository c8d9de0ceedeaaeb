#!/usr/bin/env bash
# Rehearses a rolling deploy on this machine: two instances of the built server (dist/) behind
# HAProxy with deploy/haproxy.cfg, keep-alive load through the balancer, and RESTARTS restarts,
# the two instances in turn (SIGTERM, wait for the exit, start again, wait until HAProxy has it
# back up). Prints the failed requests by kind and per restart, and HAProxy's own retry and
# redispatch counters (the goal: no failure).
#
#   npm run build
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/fincore_rehearsal deploy/rehearse-drain.sh [restarts]
#
# Variants (environment):
#   SHUTDOWN_DRAIN_MS=0     the instances stop accepting at once on SIGTERM (default 5000)
#   BALANCER_RETRIES=0      HAProxy with `retries 0` and no `option redispatch`: what a request that
#                           must not be replayed sees
#   LOAD_WORKERS=8          concurrent keep-alive clients
#
# Needs haproxy (2.4+) and PostgreSQL (both instances share it, as in production). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database (the instances share it)}"
RESTARTS=${1:-4}
DRAIN_MS=${SHUTDOWN_DRAIN_MS:-5000}
WORK=$(mktemp -d)
declare -A PID_OF
OTHER_PIDS=()
cleanup() {
  exec 2>/dev/null # no "Killed" job notices for the processes ended here
  for pid in "${PID_OF[@]}" "${OTHER_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [ -n "${KEEP_WORK:-}" ] && echo "logs kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
LB=$(port) P1=$(port) P2=$(port) STATS=$(port)

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
NODE_ENV=production PAYMENT_GATEWAY_URL=sandbox DATABASE_URL="$DATABASE_URL" JWT_PRIVATE_KEY_FILE="$WORK/key.pem" node dist/src/cli/main.js migrate >/dev/null

# Behind the balancer, as in production: TRUST_PROXY=1 takes the client address from the
# X-Forwarded-For HAProxy adds. Every request here comes from this one machine, so the rate limits
# (which are not what is rehearsed) are lifted.
start_instance() {
  (exec env NODE_ENV=production PAYMENT_GATEWAY_URL=sandbox DATABASE_URL="$DATABASE_URL" JWT_PRIVATE_KEY_FILE="$WORK/key.pem" ${REDIS_URL:+REDIS_URL=$REDIS_URL} \
    HOST=127.0.0.1 PORT="$1" LOG_LEVEL=warn SHUTDOWN_DRAIN_MS="$DRAIN_MS" \
    TRUST_PROXY=1 RATE_LIMIT_PER_MINUTE=1000000 node dist/src/main.js) >>"$WORK/api-$1.log" 2>&1 &
  PID_OF[$1]=$!
}
wait_ready() {
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health/ready")" = 200 ] && return 0
    sleep 0.5
  done
  echo "instance :$1 never became ready" >&2
  return 1
}
stats() { curl -s "http://127.0.0.1:$STATS/stats;csv"; }
# HAProxy's view of a server: UP, DOWN, or a transition such as "UP 1/2".
server_status() { stats | awk -F, -v s="$1" '$1 == "fincore" && $2 == s { print $18 }'; }

start_instance "$P1"
start_instance "$P2"
wait_ready "$P1"
wait_ready "$P2"

# The example configuration, pointed at the two local instances, plus a stats page for the
# counters. Started once both are ready: a check that finds an instance still booting marks it
# down, and coming back up then takes up to downinter + rise x fastinter.
sed -e "s/^    bind :8080/    bind 127.0.0.1:$LB/" -e "s/ api1:3000/ 127.0.0.1:$P1/" -e "s/ api2:3000/ 127.0.0.1:$P2/" \
  deploy/haproxy.cfg >"$WORK/haproxy.cfg"
if [ "${BALANCER_RETRIES:-}" = 0 ]; then
  sed -i -e 's/^    retries 2$/    retries 0/' -e '/^    retry-on /d' -e '/^    option redispatch/d' "$WORK/haproxy.cfg"
  grep -q '^    retries 0$' "$WORK/haproxy.cfg" || { echo "could not switch the retries off" >&2; exit 2; }
fi
printf '\nfrontend stats\n    bind 127.0.0.1:%s\n    stats enable\n    stats uri /stats\n' "$STATS" >>"$WORK/haproxy.cfg"
haproxy -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
OTHER_PIDS+=("$!")
for _ in $(seq 1 40); do
  [ "$(server_status api1)" = UP ] && [ "$(server_status api2)" = UP ] && break
  sleep 0.5
done

echo "2 instances (SHUTDOWN_DRAIN_MS=$DRAIN_MS), HAProxy $([ "${BALANCER_RETRIES:-}" = 0 ] && echo 'with retries 0, no redispatch' || echo 'as shipped') on :$LB, $RESTARTS restarts"
echo 0 >"$WORK/restart"
node deploy/rehearse-load.cjs "$LB" "$WORK/restart" "${LOAD_WORKERS:-8}" >"$WORK/load.json" &
LOAD=$!
OTHER_PIDS+=("$LOAD")
sleep 3 # steady state before the first restart

EXIT_CODES=()
for i in $(seq 1 "$RESTARTS"); do
  if [ $((i % 2)) = 1 ]; then p=$P1 name=api1; else p=$P2 name=api2; fi
  echo "$i" >"$WORK/restart"
  started=$(date +%s.%N)
  kill -TERM "${PID_OF[$p]}"
  set +e; wait "${PID_OF[$p]}"; code=$?; set -e
  EXIT_CODES+=("$code")
  start_instance "$p"
  wait_ready "$p"
  for _ in $(seq 1 60); do [ "$(server_status "$name")" = UP ] && break; sleep 0.5; done
  printf 'restart %s: %s exited %s, back up in HAProxy after %.1f s\n' "$i" "$name" "$code" "$(echo "$(date +%s.%N) - $started" | bc)"
  sleep 2 # traffic on both again before the next one
done
echo 0 >"$WORK/restart"

kill -TERM "$LOAD"
wait "$LOAD" || true
stats >"$WORK/stats.csv"
node - "$WORK/load.json" "$WORK/stats.csv" "$WORK/haproxy.log" "$RESTARTS" "${EXIT_CODES[*]}" <<'EOF'
const fs = require('node:fs');
const [loadFile, statsFile, logFile, restarts, exitCodes] = process.argv.slice(2);
const load = JSON.parse(fs.readFileSync(loadFile, 'utf8'));
const [header, ...rows] = fs.readFileSync(statsFile, 'utf8').trim().split('\n');
const cols = header.replace(/^# /, '').split(',');
const stat = (px, sv) => Object.fromEntries(cols.map((c, i) => [c, rows.map((r) => r.split(',')).find((r) => r[0] === px && r[1] === sv)[i]]));
const be = stat('fincore', 'BACKEND');
// httplog: ... actconn/feconn/beconn/srv_conn/retries ... ; "+N" retries = the request was redispatched.
const log = fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => / fincore_http /.test(l));
const conns = log.map((l) => / \S{4} \d+\/\d+\/\d+\/\d+\/(\+?)(\d+) /.exec(l)).filter(Boolean);
const retried = conns.filter((m) => m[2] !== '0').length;
const redispatched = conns.filter((m) => m[1] === '+').length;
const balancer5xx = log.filter((l) => /fincore\/\S+ \S+ (50[234]) /.test(l)).length;
console.log(`requests: ${load.requests}, failed: ${load.failed} (${(load.failed / Number(restarts)).toFixed(1)} per restart)`);
console.log(`outcomes: ${JSON.stringify(load.outcomes)}`);
console.log(`failures by restart: ${JSON.stringify(load.failuresPerRestart)}, by request: ${JSON.stringify(load.failuresByRequest)}`);
console.log(`HAProxy backend: retries ${be.wretr}, redispatches ${be.wredis}, connection errors ${be.econ}, response errors ${be.eresp}, 5xx ${be.hrsp_5xx}; in its log: ${retried} requests retried (${redispatched} on the other server), ${balancer5xx} answered 502-504`);
console.log(`instance exit codes: ${exitCodes}`);
process.exitCode = load.failed === 0 && exitCodes.split(' ').every((c) => c === '0') ? 0 : 1;
EOF
