import { expect } from 'chai';
import { PinoAuditLog, auditLogger } from '../../../src/infra/platform/pino-audit.log';
import { logCapture } from '../../helpers/log-capture';

function capture(level: string) {
  const { logger, lines } = logCapture(level);
  return { lines, logger: auditLogger(logger) };
}

describe('PinoAuditLog', () => {
  it('writes one audit line with the actor, request id and address of its request, and the event details', () => {
    const { lines, logger } = capture('info');
    new PinoAuditLog(logger, () => ({ requestId: 'req-1', actor: 'user:7', ip: '10.0.0.1' })).record({ type: 'user.deactivated', target: 'user:9', detail: { reason: 'test' } });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ channel: 'audit', msg: 'audit user.deactivated' });
    expect(lines[0].audit).to.deep.equal({ type: 'user.deactivated', actor: 'user:7', target: 'user:9', requestId: 'req-1', ip: '10.0.0.1', reason: 'test' });
  });

  it('is written even when LOG_LEVEL is warn, and names the system as actor outside any request', () => {
    const { lines, logger } = capture('warn');
    new PinoAuditLog(logger, () => undefined).record({ type: 'client.created', target: 'client:reporting' });
    expect(lines).to.have.length(1);
    expect((lines[0].audit as Record<string, unknown>).actor).to.equal('system');
  });

  it('is silent only when logging is silent', () => {
    const { lines, logger } = capture('silent');
    new PinoAuditLog(logger, () => undefined).record({ type: 'client.created' });
    expect(lines).to.have.length(0);
  });
});
