/**
 * A bounded load over real HTTP (a listening server, keep-alive connections): a fixed number of
 * requests with a fixed concurrency, each answer's status and latency recorded.
 */
export interface Answer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  ms: number;
}

export interface LoadReport {
  answers: Answer[];
  byStatus: Record<string, number>;
  maxMs: number;
  p99Ms: number;
}

/** `untilMs`: no request is started after this long (a load bounded by time rather than by count). */
export async function runLoad(options: { requests: number; concurrency: number; untilMs?: number; send(i: number): Promise<Response> }): Promise<LoadReport> {
  const answers: Answer[] = [];
  const stopAt = options.untilMs === undefined ? Infinity : Date.now() + options.untilMs;
  let next = 0;
  const worker = async () => {
    while (next < options.requests && Date.now() < stopAt) {
      const i = next++;
      const started = performance.now();
      let answer: Answer;
      try {
        const res = await options.send(i);
        await res.arrayBuffer();
        answer = { status: res.status, contentType: res.headers.get('content-type') ?? '', retryAfter: res.headers.get('retry-after'), ms: performance.now() - started };
      } catch {
        // No answer at all (connection refused or reset): recorded as status 0.
        answer = { status: 0, contentType: '', retryAfter: null, ms: performance.now() - started };
      }
      answers.push(answer);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return report(answers);
}

export function report(answers: Answer[]): LoadReport {
  const byStatus: Record<string, number> = {};
  for (const { status } of answers) byStatus[status] = (byStatus[status] ?? 0) + 1;
  const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
  const p99Ms = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
  return { answers, byStatus, maxMs: sorted[sorted.length - 1] ?? 0, p99Ms };
}

/** Every answer is a 2xx or 4xx, or a 503 problem with Retry-After: never a 500, never no answer. */
export function unacceptable(answers: Answer[]): Answer[] {
  return answers.filter((a) => {
    if (a.status >= 200 && a.status < 500) return false;
    return !(a.status === 503 && a.retryAfter !== null && a.contentType.startsWith('application/problem+json'));
  });
}

export const summary = (r: LoadReport): string =>
  `${r.answers.length} requests, by status ${JSON.stringify(r.byStatus)}, max ${r.maxMs.toFixed(0)} ms, p99 ${r.p99Ms.toFixed(0)} ms`;

/** Measurements are printed only on request (TEST_VERBOSE=1), so that the normal run stays quiet. */
export function note(line: string): void {
  if (process.env.TEST_VERBOSE) process.stdout.write(`      ${line}\n`);
}
