import { expect } from 'chai';
import { buildContainer } from '../../src/config/container';
import { loadSettings } from '../../src/config/settings';
import { logCapture } from '../helpers/log-capture';

describe('migrations at start-up', () => {
  it('logs which migrations it applied, in one line', async function () {
    this.timeout(60_000);
    const { logger, lines } = logCapture();
    // Always a fresh in-memory database: on the shared PostgreSQL database nothing would be pending.
    const core = await buildContainer(loadSettings({ REDIS_URL: '' }), {
      database: { embeddedDir: 'memory', poolSize: 1 },
      migrate: true,
      logger,
      auditContext: () => undefined,
    });
    try {
      const applied = lines.filter((line) => line.msg.startsWith('migrations applied'));
      expect(applied).to.have.length(1);
      expect(applied[0].migrations).to.include('20261123000100_create_users');
    } finally {
      await core.close();
    }
  });
});
