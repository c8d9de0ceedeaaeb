/**
 * When a failed delivery is tried again: 30 s after the first failure, doubling each time (1 min,
 * 2 min, 4 min, …) up to 6 h between attempts, each delay spread by ±20 % so that endpoints that
 * failed together do not all come back at once. Retries stop 3 days after the first attempt: the
 * last one is made at that deadline, and if it fails too the delivery is `failed`.
 */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 6 * 60 * 60_000;
export const RETRY_WINDOW_MS = 3 * 24 * 60 * 60_000;
const JITTER = 0.2;

export type RetryDecision = { kind: 'retry'; at: Date } | { kind: 'failed' };

/** The delay before the next attempt, without jitter, after `attempts` failed ones (>= 1). */
export function baseRetryDelayMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^20 × 30 s is far past the cap: the exponent is bounded so the number never overflows.
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(exponent, 20));
}

/**
 * What follows a failed attempt. `random` is a number in [0, 1) (Math.random in production, fixed
 * in tests); `firstAttemptAt` starts the 3-day window.
 */
export function afterFailedAttempt(attempts: number, firstAttemptAt: Date, now: Date, random: number): RetryDecision {
  const deadline = firstAttemptAt.getTime() + RETRY_WINDOW_MS;
  if (now.getTime() >= deadline) return { kind: 'failed' };
  const spread = 1 - JITTER + 2 * JITTER * random;
  const at = Math.min(now.getTime() + Math.round(baseRetryDelayMs(attempts) * spread), deadline);
  return { kind: 'retry', at: new Date(at) };
}
