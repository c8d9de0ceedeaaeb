import { expect } from 'chai';
import { serializeError } from '../../../src/api/middlewares/http-logger';
import { createLogger } from '../../../src/infra/platform/logger';

describe('createLogger', () => {
  function capture(withMasking: boolean) {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', name: 'fincore', ...(withMasking ? { serializeError } : {}) }, { write: (line: string) => void lines.push(line) });
    return { logger, lines };
  }

  it('with the masking serializer, an error logged outside any request shows no whole CPF', () => {
    const { logger, lines } = capture(true);
    logger.error({ err: new Error('duplicate key (cpf)=(52998224725)') }, 'start-up failed');
    const line = JSON.parse(lines[0]);
    expect(line.err.message).to.equal('duplicate key (cpf)=(***.***.*47-25)');
    expect(lines[0]).to.not.contain('52998224725');
  });

  it('censors secrets however they are logged', () => {
    const { logger, lines } = capture(false);
    logger.info({ body: { password: 'hunter2-long-pass', refreshToken: 'r-123' } }, 'oops');
    expect(lines[0]).to.not.contain('hunter2-long-pass').and.not.contain('r-123');
    expect(JSON.parse(lines[0]).body.password).to.equal('[redacted]');
  });
});
