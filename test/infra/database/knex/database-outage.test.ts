import { expect } from 'chai';
import { DatabaseBusyError, DatabaseUnavailableError } from '../../../../src/domain/shared/domain-error';
import { classifyDatabaseFailure, isConnectionFailure, toDatabaseError } from '../../../../src/infra/database/knex/database-outage';

/** Errors shaped as node-postgres, pg-pool, Node's sockets and knex raise them. */
const withCode = (code: string, message = `simulated ${code}`) => Object.assign(new Error(message), { code });
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('classifyDatabaseFailure', () => {
  const table: [string, unknown, ReturnType<typeof classifyDatabaseFailure>][] = [
    ['connection refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'unavailable'],
    ['connection reset', withCode('ECONNRESET', 'read ECONNRESET'), 'unavailable'],
    ['connect timed out', withCode('ETIMEDOUT'), 'unavailable'],
    ['several addresses refused', Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], ''), {}), 'unavailable'],
    ['connection terminated', new Error('Connection terminated unexpectedly'), 'unavailable'],
    ['pg-pool connect timeout', new Error('timeout exceeded when trying to connect'), 'unavailable'],
    ['admin shutdown (pg_terminate_backend)', withCode('57P01', 'terminating connection due to administrator command'), 'unavailable'],
    ['crash shutdown', withCode('57P02'), 'unavailable'],
    ['cannot connect now', withCode('57P03', 'the database system is shutting down'), 'unavailable'],
    ['connection exception class 08', withCode('08006'), 'unavailable'],
    ['connection does not exist', withCode('08003'), 'unavailable'],
    ['too many connections', withCode('53300'), 'unavailable'],
    ['database closed to connections', withCode('55000', 'database "fincore" is not currently accepting connections'), 'unavailable'],
    ['lock timeout', withCode('55P03', 'canceling statement due to lock timeout'), 'lock-timeout'],
    ['statement timeout', withCode('57014', 'canceling statement due to statement timeout'), 'statement-timeout'],
    ['pool acquire timeout', named('KnexTimeoutError', 'Knex: Timeout acquiring a connection. The pool is probably full.'), 'pool-exhausted'],
    // Not outages: bugs and business conflicts keep their own handling.
    ['unique violation', withCode('23505'), undefined],
    ['serialization failure', withCode('40001'), undefined],
    ['syntax error', withCode('42601'), undefined],
    ['invalid text (a NUL byte)', withCode('22021'), undefined],
    ['a query timeout of knex', named('KnexTimeoutError', 'Defined query timeout of 1000ms exceeded'), undefined],
    ['a plain error', new Error('boom'), undefined],
    ['a string', 'Connection terminated', undefined],
    ['null', null, undefined],
  ];
  for (const [name, error, expected] of table) {
    it(`${name} → ${expected ?? 'not a database failure'}`, () => {
      expect(classifyDatabaseFailure(error)).to.equal(expected);
    });
  }

  it('only unavailability is a connection failure (the one a transaction may retry before it began)', () => {
    expect(isConnectionFailure(withCode('57P01'))).to.equal(true);
    expect(isConnectionFailure(withCode('55P03'))).to.equal(false);
    expect(isConnectionFailure(named('KnexTimeoutError', 'Knex: Timeout acquiring a connection.'))).to.equal(false);
  });

  it('answers unavailability as DATABASE_UNAVAILABLE, every timeout as DATABASE_BUSY', () => {
    expect(toDatabaseError('unavailable')).to.be.instanceOf(DatabaseUnavailableError);
    for (const failure of ['lock-timeout', 'statement-timeout', 'pool-exhausted'] as const) expect(toDatabaseError(failure)).to.be.instanceOf(DatabaseBusyError);
  });
});
