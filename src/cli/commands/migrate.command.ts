import type { CliCommand } from '../cli-context';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'apply every pending migration',
  async run({ db, err }) {
    const [batch, applied] = (await db.migrate.latest()) as [number, string[]];
    err(applied.length ? `batch ${batch}: applied ${applied.join(', ')}` : 'already up to date');
    return 0;
  },
};

export const migrateRollbackCommand: CliCommand = {
  name: 'migrate:rollback',
  summary: 'undo the last batch of migrations',
  async run({ db, err }) {
    const [batch, undone] = (await db.migrate.rollback()) as [number, string[]];
    err(undone.length ? `batch ${batch}: rolled back ${undone.join(', ')}` : 'nothing to roll back');
    return 0;
  },
};
