import { expect } from 'chai';
import { COMMANDS } from '../../../src/cli/commands';
import { authPurgeCommand } from '../../../src/cli/commands/auth-purge.command';
import type { FincoreApp } from '../../../src/config/composition-root';
import { createTestApp } from '../../helpers/app';
import { runCommand } from '../../helpers/cli';
import { storeUser } from '../../helpers/users';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

describe('CLI: auth:purge', () => {
  let app: FincoreApp;
  let userId: number;
  let tokens = 0;

  /** A family with one token per expiry given, revoked `revokedDaysAgo` days ago when given. */
  async function family(expiresDaysAgo: number[], revokedDaysAgo?: number): Promise<string> {
    const [{ id }] = await app
      .db('refresh_token_families')
      .insert({ user_id: userId, created_at: daysAgo(200), revoked_at: revokedDaysAgo === undefined ? null : daysAgo(revokedDaysAgo), revoked_reason: revokedDaysAgo === undefined ? null : 'logout' })
      .returning('id');
    for (const days of expiresDaysAgo) {
      await app.db('refresh_tokens').insert({ family_id: id, token_hash: `${++tokens}`.padStart(64, '0'), expires_at: daysAgo(days), created_at: daysAgo(200) });
    }
    return id;
  }
  const remaining = async () => (await app.db('refresh_token_families').select('id')).map((row) => row.id as string).sort();

  before(async () => {
    app = await createTestApp();
    userId = (await storeUser(app)).id;
  });
  after(async () => {
    await app.close();
  });

  it('is registered', () => {
    expect(COMMANDS.map((c) => c.name)).to.include('auth:purge');
  });

  it('deletes the sessions dead for longer than the 30-day retention, with their tokens, and prints the counts', async () => {
    const kept = [
      await family([-10]), // live
      await family([40, -1]), // one expired token, one live: the session goes on
      await family([5, 10]), // expired 5 days ago: kept for reuse detection and investigation
      await family([-10], 5), // revoked 5 days ago
    ];
    await family([40, 45]); // every token expired 40 days ago
    await family([-10, 50], 31); // revoked 31 days ago, even with an unexpired token
    const result = await runCommand(app, authPurgeCommand);
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.out[0])).to.deep.equal({ families: 2, tokens: 4 });
    expect(result.err.join('\n')).to.include('2 refresh-token famil');
    expect(await remaining()).to.deep.equal(kept.sort());
    expect(Number((await app.db('refresh_tokens').count<{ n: string }[]>('* as n'))[0].n)).to.equal(6);

    const again = await runCommand(app, authPurgeCommand);
    expect(JSON.parse(again.out[0])).to.deep.equal({ families: 0, tokens: 0 });
  });
});
