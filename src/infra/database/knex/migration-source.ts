import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

interface MigrationModule {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

// Same folder from src/ (run through tsx) and from dist/src/ (compiled): both sit two levels below it.
const MIGRATIONS_DIR = path.resolve(__dirname, '../../../../migrations');

/**
 * Lists `migrations/*.ts` (source) or `*.js` (compiled) and names each migration without its
 * extension, so a database migrated by the CLI under tsx is recognised by the compiled server.
 */
export class FileMigrationSource implements Knex.MigrationSource<string> {
  constructor(private readonly dir = MIGRATIONS_DIR) {}

  async getMigrations(): Promise<string[]> {
    const files = await fs.promises.readdir(this.dir);
    return files.filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts')).sort();
  }

  getMigrationName(file: string): string {
    return file.replace(/\.(ts|js)$/, '');
  }

  async getMigration(file: string): Promise<MigrationModule> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(this.dir, file)) as MigrationModule;
  }
}
