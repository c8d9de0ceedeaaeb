import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const DOMAIN = path.resolve(__dirname, '../../src/domain');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function dependencies(module: NodeModule, seen = new Set<string>()): Set<string> {
  for (const child of module.children) {
    if (seen.has(child.filename)) continue;
    seen.add(child.filename);
    dependencies(child, seen);
  }
  return seen;
}

/**
 * Loads every file of src/domain (ports and other type-only files included, so that coverage
 * counts each of them) and checks at run time what dependency-cruiser checks statically: a
 * domain module reaches nothing outside src/domain, neither another layer nor a package.
 */
describe('src/domain modules', () => {
  const files = sourceFiles(DOMAIN);

  it('finds the domain sources', () => {
    expect(files.length).to.be.greaterThan(10);
  });

  for (const file of files) {
    const name = path.relative(DOMAIN, file);
    it(`${name} loads and depends only on src/domain`, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
      const loaded = require.cache[require.resolve(file)];
      expect(loaded, 'module in require cache').to.not.equal(undefined);
      const outside = [...dependencies(loaded!)].filter((dep) => !dep.startsWith(DOMAIN + path.sep));
      expect(outside, `${name} reaches outside src/domain`).to.deep.equal([]);
    });
  }
});
