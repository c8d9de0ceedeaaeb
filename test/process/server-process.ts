/**
 * Starts the real server as a child process (`src/main.ts` through tsx, or the compiled
 * `dist/src/main.js`) on a free loopback port with its own DATA_DIR, for process-level tests
 * (signals, draining) and the start-up measurement script.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  dataDir: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
}

export interface StartOptions {
  /** Extra environment; the child gets only PATH, HOME and these, so a developer's .env or shell cannot leak in. */
  env?: Record<string, string>;
  /** Reuse a DATA_DIR (second start); a new temporary one otherwise. */
  dataDir?: string;
  compiled?: boolean;
  /** Modules loaded before the server (`node --require`), e.g. to watch what the process does. */
  preload?: string[];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-process-'));
  const preload = (options.preload ?? []).flatMap((module) => ['--require', module]);
  const entry = [...preload, ...(options.compiled ? [path.join(ROOT, 'dist/src/main.js')] : ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'src/main.ts')])];
  // cwd is the data folder, so dotenv finds no .env; tsx still needs the project's tsconfig (decorators).
  const child = spawn(process.execPath, entry, {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dataDir,
      TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'),
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, port, baseUrl: `http://127.0.0.1:${port}`, dataDir, output: () => output, exited };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function get(url: string, agent?: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

/** Polls /health/ready until it answers 200; fails with the process output after `timeoutMs`. */
export async function waitUntilReady(server: ServerProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let exitedEarly: number | string | undefined;
  void server.exited.then((code) => (exitedEarly = code));
  while (Date.now() - started < timeoutMs) {
    if (exitedEarly !== undefined) throw new Error(`server exited (${exitedEarly}) before it was ready:\n${server.output()}`);
    try {
      if ((await get(`${server.baseUrl}/health/ready`)).status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${server.output()}`);
}

/** Waits for the exit, killing the process (and failing) if it takes longer than `timeoutMs`. */
export async function exitWithin(server: ServerProcess, timeoutMs: number): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const result = await Promise.race([server.exited, timeout]);
  clearTimeout(timer);
  if (result === 'timeout') {
    server.child.kill('SIGKILL');
    throw new Error(`server still running ${timeoutMs} ms after the signal:\n${server.output()}`);
  }
  return result;
}
