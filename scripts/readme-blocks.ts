/**
 * Runs the shell blocks of README.md, top to bottom, in ONE bash (`set -euo pipefail`), so the
 * variables a block defines reach the next ones, exactly as a reader pasting them would. A block
 * preceded by `<!-- readme-test: skip (why) -->` is not run (installs, Docker, PostgreSQL, benchmarks).
 *
 * Used by test/docs/readme-blocks.test.ts against a fresh server; by hand against a running one:
 *   API=http://localhost:3000 ADMIN_CPF=… ADMIN_PASSWORD=… npx tsx scripts/readme-blocks.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ShellBlock {
  /** 1-based position among the README's shell blocks. */
  number: number;
  /** Line of the opening fence in README.md. */
  line: number;
  code: string;
  /** The reason given in the skip marker, when the block is not run. */
  skip?: string;
}

export interface BlocksRun {
  status: number | null;
  output: string;
  /** The block that failed, when one did. */
  failed?: ShellBlock;
}

const FENCE = /^```(bash|sh)\s*$/;
const SKIP = /^<!--\s*readme-test:\s*skip\b\s*(.*?)\s*-->\s*$/;

export function extractShellBlocks(markdown: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i])) continue;
    const end = lines.findIndex((text, j) => j > i && text.startsWith('```'));
    if (end < 0) throw new Error(`README.md line ${i + 1}: shell block never closed`);
    // The marker is the nearest non-blank line above the fence.
    let above = i - 1;
    while (above >= 0 && lines[above].trim() === '') above--;
    const marker = above >= 0 ? SKIP.exec(lines[above]) : null;
    blocks.push({ number: blocks.length + 1, line: i + 1, code: lines.slice(i + 1, end).join('\n'), skip: marker ? marker[1] || 'no reason given' : undefined });
    i = end;
  }
  return blocks;
}

/** One bash script: each block announces itself, and the exit trap names the one that failed. */
export function scriptOf(blocks: ShellBlock[]): string {
  const parts = ['set -euo pipefail', 'README_BLOCK=0', 'trap \'status=$?; [ "$status" = 0 ] || echo "readme-block-failed: $README_BLOCK" >&2\' EXIT'];
  for (const block of blocks.filter((b) => !b.skip)) {
    parts.push(`README_BLOCK=${block.number}`, `echo "--- README block ${block.number} (README.md line ${block.line})"`, block.code);
  }
  return `${parts.join('\n')}\n`;
}

export async function runShellBlocks(blocks: ShellBlock[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<BlocksRun> {
  const child = spawn('bash', ['-s'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const status = await new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
    child.stdin.end(scriptOf(blocks));
  });
  clearTimeout(timer);
  const failedNumber = /readme-block-failed: (\d+)/.exec(output)?.[1];
  const failed = failedNumber ? blocks.find((b) => b.number === Number(failedNumber)) : undefined;
  if (status === null) output += `\n(killed after ${timeoutMs} ms)`;
  return { status, output, failed };
}

/** A failure report a reader can act on: which block, where, its text, and what the shell printed. */
export function describeFailure(run: BlocksRun): string {
  const where = run.failed ? `README block ${run.failed.number} (README.md line ${run.failed.line}) failed:\n${run.failed.code}` : 'the README blocks failed';
  return `${where}\n\n--- shell output (exit ${run.status}) ---\n${run.output.slice(-6000)}`;
}

if (require.main === module) {
  const readme = fs.readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');
  void runShellBlocks(extractShellBlocks(readme), process.env, 120_000).then((run) => {
    process.stdout.write(run.status === 0 ? run.output : `${describeFailure(run)}\n`);
    process.exit(run.status === 0 ? 0 : 1);
  });
}
