import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Money } from '../../../src/domain/modules/financial/money.value-object';
import { DomainError } from '../../../src/domain/shared/domain-error';
import { AUTH_PROBLEMS } from '../../../src/api/problems/auth.problems';
import { FINANCIAL_PROBLEMS } from '../../../src/api/problems/financial.problems';
import { PLATFORM_PROBLEMS } from '../../../src/api/problems/platform.problems';
import { problemKind } from '../../../src/api/problems/problem-table';
import { USER_PROBLEMS } from '../../../src/api/problems/user.problems';

const DOMAIN = join(__dirname, '../../../src/domain');
const API = join(__dirname, '../../../src/api');

/**
 * Codes that are defects, not answers: no row on purpose, so the error handler logs them with their
 * stack and answers a generic 500 that reveals nothing. Adding a code here needs a reason.
 */
const DEFECTS_MEANT_TO_BE_500 = new Set([
  'LEDGER_INVARIANT_VIOLATED', // an unbalanced or malformed ledger transaction: a bug in fincore itself
]);

/** Constructor arguments for the errors whose constructor reads one; the others are built with none. */
const SAMPLE_ARGUMENTS: Record<string, unknown[]> = {
  AlreadyRefundedError: [Money.zero('BRL')],
  CaptureExceedsHoldError: [Money.of(300n, 'BRL')],
};

/** Every TypeScript file below `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every file that declares domain errors: each module's `*.errors.ts` and the shared `domain-error.ts`. */
function errorFiles(dir = DOMAIN): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return errorFiles(path);
    return entry.name.endsWith('.errors.ts') || entry.name === 'domain-error.ts' ? [path] : [];
  });
}

interface ExportedError {
  file: string;
  name: string;
  code: string;
}

/**
 * Every concrete DomainError subclass the domain exports, with its code. An abstract class compiles
 * to an ordinary one whose instances have no `code` (the compiler makes every concrete class define
 * it), so an instance without a code marks the abstract ones, which are left out.
 */
function exportedErrors(): ExportedError[] {
  return errorFiles().flatMap((file) =>
    // The files are found at run time, and import() would bypass the tsx CommonJS hook mocha runs under.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Object.entries(require(file) as Record<string, unknown>).flatMap(([name, value]) => {
      if (typeof value !== 'function' || !(value.prototype instanceof DomainError)) return [];
      const error = Reflect.construct(value, SAMPLE_ARGUMENTS[name] ?? []) as DomainError;
      return error.code === undefined ? [] : [{ file: relative(DOMAIN, file), name, code: error.code }];
    }),
  );
}

describe('problem table', () => {
  const errors = exportedErrors();

  it('finds the domain errors of every module (the walk itself works)', () => {
    const files = new Set(errors.map((error) => error.file));
    expect([...files]).to.include.members([
      'shared/domain-error.ts',
      'modules/user/user.errors.ts',
      'modules/auth/auth.errors.ts',
      'modules/financial/financial.errors.ts',
      'modules/financial/closed-account.errors.ts',
      'modules/financial/gateway-settled.errors.ts',
    ]);
    expect(errors.length).to.be.greaterThan(50);
  });

  it('gives every domain error code a status, except the defects meant to be 500', () => {
    const missing = errors.filter((error) => !problemKind(error.code) && !DEFECTS_MEANT_TO_BE_500.has(error.code));
    expect(missing.map((error) => `${error.name} (${error.code}) in ${error.file}`)).to.deep.equal([]);
  });

  it('lists as defects only codes that are real and have no row', () => {
    const codes = new Set(errors.map((error) => error.code));
    for (const code of DEFECTS_MEANT_TO_BE_500) {
      expect(codes.has(code), `${code} is still raised`).to.equal(true);
      expect(problemKind(code), `${code} has no row`).to.equal(undefined);
    }
  });

  it('puts each code in one module table only', () => {
    const tables = { PLATFORM_PROBLEMS, USER_PROBLEMS, AUTH_PROBLEMS, FINANCIAL_PROBLEMS };
    const homes = new Map<string, string[]>();
    for (const [table, rows] of Object.entries(tables)) {
      for (const code of Object.keys(rows)) homes.set(code, [...(homes.get(code) ?? []), table]);
    }
    expect([...homes].filter(([, names]) => names.length > 1)).to.deep.equal([]);
  });

  it('gives every code src/api raises itself (new HttpProblem with a literal code) a status', () => {
    const raised = sourceFiles(API).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new HttpProblem\(\s*'([A-Z_]+)'/g)].map((match) => `${match[1]} in ${relative(API, file)}`),
    );
    expect(raised.length, 'the scan finds the HTTP-level codes').to.be.greaterThan(5);
    expect(raised.filter((entry) => !problemKind(entry.split(' ')[0]))).to.deep.equal([]);
  });

  it('maps every status into the 4xx or 5xx range', () => {
    const statuses = errors.flatMap((error) => problemKind(error.code)?.status ?? []);
    expect(statuses.every((status) => status >= 400 && status < 600)).to.equal(true);
  });
});
