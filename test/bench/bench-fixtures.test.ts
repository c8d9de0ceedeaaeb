import { expect } from 'chai';
import { presentUser } from '../../src/api/presenters/user.presenter';
import { Cpf } from '../../src/domain/modules/user/cpf.value-object';
import { UserMapper, type UserRow } from '../../src/infra/database/knex/modules/user/user.mapper';

// The benchmark is plain JavaScript run without a build; its helpers are loaded as they run.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cpfOf } = require('../../bench/lib/database') as { cpfOf: (n: number) => string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const userRead = require('../../bench/baselines/user-read') as { parseCpf: (text: string) => string; present: (row: UserRow) => unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { median } = require('../../bench/lib/stats') as { median: (values: number[]) => number };

/**
 * The benchmark compares like with like only if its seeded users are users fincore accepts and its
 * baselines answer what fincore answers.
 */
describe('benchmark fixtures', () => {
  it('seeds CPFs that fincore parses, all distinct, none the admin\'s', () => {
    const cpfs = Array.from({ length: 5000 }, (_, i) => cpfOf(i + 1));
    for (const cpf of cpfs) expect(Cpf.parse(cpf).value).to.equal(cpf);
    expect(new Set(cpfs).size).to.equal(cpfs.length);
    expect(cpfs).not.to.include('52998224725');
  });

  it('has the baselines accept and refuse the same CPFs as fincore', () => {
    const accepted = (text: string, parse: (t: string) => string) => {
      try {
        parse(text);
        return true;
      } catch {
        return false;
      }
    };
    for (const text of ['52998224725', '529.982.247-25', '529-982-247-25', '52998224726', '11111111111', '5299822472', 'abc']) {
      expect(accepted(text, userRead.parseCpf), text).to.equal(accepted(text, (t) => Cpf.parse(t).value));
    }
  });

  it('has the baselines answer the same body as fincore for the same row', () => {
    const row: UserRow = {
      id: 7,
      cpf: '52998224725',
      name: 'Maria Silva',
      email: 'maria@example.com',
      password_hash: null,
      role: 'customer',
      is_active: true,
      identity_verified: false,
      created_at: new Date('2026-01-02T03:04:05.678Z'),
      updated_at: new Date('2026-02-03T04:05:06.789Z'),
    };
    expect(JSON.stringify(userRead.present(row))).to.equal(JSON.stringify(presentUser(UserMapper.toEntity(row))));
  });

  it('takes medians over rounds, ignoring rounds that measured nothing', () => {
    expect(median([3, 1, 2])).to.equal(2);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
    expect(median([NaN, 5])).to.equal(5);
  });
});
