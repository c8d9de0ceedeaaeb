import { Counter, Gauge, type Registry } from 'prom-client';
import type { RedisCircuitState, RedisConnection } from './redis.connection';

const STATE_VALUES: Record<RedisCircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** What an operator needs to see of a Redis outage: how often it failed, and whether it is being skipped. */
export function registerRedisMetrics(registry: Registry, redis: RedisConnection): void {
  const errors = new Counter({
    name: 'redis_errors_total',
    help: 'Redis failures: commands that failed or timed out (kind="command"), connection errors (kind="connection")',
    labelNames: ['kind'],
    registers: [registry],
  });
  redis.onError((kind) => errors.inc({ kind }));
  new Gauge({
    name: 'redis_circuit_state',
    help: 'Circuit breaker in front of Redis: 0 closed (in use), 1 half-open (probing), 2 open (skipped: cache misses, rate limits fail open)',
    registers: [registry],
    collect() {
      this.set(STATE_VALUES[redis.circuitState]);
    },
  });
}
