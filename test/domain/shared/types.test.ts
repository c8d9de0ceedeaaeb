import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const DOMAIN = path.resolve(__dirname, '../../../src/domain');

function typesFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typesFiles(full);
    return entry.name.endsWith('.types.ts') ? [full] : [];
  });
}

/**
 * Symbols are made with Symbol.for, a process-wide registry: two modules choosing the same
 * description would silently share one container binding. Every module's symbols file is checked.
 */
describe('DI symbols of the domain', () => {
  const files = typesFiles(DOMAIN);

  it('finds the symbols file of each module', () => {
    expect(files.map((f) => path.relative(DOMAIN, f))).to.include.members([
      'shared/shared.types.ts',
      'modules/user/user.types.ts',
      'modules/auth/auth.types.ts',
    ]);
  });

  it('never reuses a symbol across or within modules', () => {
    const seen = new Map<symbol, string>();
    for (const file of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(file) as Record<string, Record<string, unknown>>;
      for (const [group, symbols] of Object.entries(exported)) {
        for (const [name, value] of Object.entries(symbols)) {
          expect(value, `${group}.${name}`).to.be.a('symbol');
          const where = `${path.relative(DOMAIN, file)} ${group}.${name}`;
          expect(seen.get(value as symbol), `${where} reuses a symbol`).to.equal(undefined);
          seen.set(value as symbol, where);
        }
      }
    }
    expect(seen.size).to.be.greaterThan(5);
  });
});
