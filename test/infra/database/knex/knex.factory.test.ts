import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createKnex, isEmbedded } from '../../../../src/infra/database/knex/knex.factory';

describe('createKnex', () => {
  it('uses the pg driver with the configured pool when a URL is given (no connection is opened)', async () => {
    const db = createKnex({ url: 'postgres://nobody@127.0.0.1:1/none', embeddedDir: 'memory', poolSize: 7 });
    try {
      expect(isEmbedded(db)).to.equal(false);
      expect(db.client.config.client).to.equal('pg');
      expect(db.client.config.pool).to.include({ min: 0, max: 7 });
    } finally {
      await db.destroy();
    }
  });

  it('keeps an embedded database in a folder it creates, which survives a restart', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-pglite-')), 'nested', 'pgdata');
    try {
      const first = createKnex({ embeddedDir: dir, poolSize: 1 });
      expect(isEmbedded(first)).to.equal(true);
      await first.raw('CREATE TABLE survives (n int)');
      await first('survives').insert({ n: 42 });
      await first.destroy();
      expect(fs.readdirSync(dir)).to.not.be.empty;

      const second = createKnex({ embeddedDir: dir, poolSize: 1 });
      try {
        expect(await second('survives').select('n')).to.deep.equal([{ n: 42 }]);
      } finally {
        await second.destroy();
      }
    } finally {
      fs.rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true });
    }
  });
});
