import { expect } from 'chai';
import { Writable } from 'node:stream';
import pino from 'pino';
import { knexLog } from '../../../../src/infra/database/knex/knex-log';

describe('knex messages through the logger', () => {
  it('writes the first line only, and a repeated message once per window with the count it hid', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const log = knexLog(pino({ level: 'debug' }, stream));
    const acquire = 'Acquire connection error: Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect (node:net:1611:16)';
    for (let i = 0; i < 50; i++) log.warn(acquire);
    log.deprecate('a deprecated option');
    log.warn(acquire);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((l) => [l.level, l.msg, l.previousMessageRepeated])).to.deep.equal([
      [40, 'Acquire connection error: Error: connect ECONNREFUSED 127.0.0.1:5432', undefined],
      [40, 'a deprecated option', 49],
      [40, 'Acquire connection error: Error: connect ECONNREFUSED 127.0.0.1:5432', undefined],
    ]);
  });
});
