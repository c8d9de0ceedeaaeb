import { expect } from 'chai';
import type { IRefreshTokenRepository } from '../../../../src/domain/modules/auth/refresh-token.repository';
import type { ISessionGuard } from '../../../../src/domain/modules/auth/session-guard.port';
import type { ISessionService } from '../../../../src/domain/modules/auth/session.service';
import { EndSessionsWhenCredentialsEnd } from '../../../../src/infra/services/auth/end-sessions-when-credentials-end.handler';
import { ForgetEndedSessionWhenUserActivated } from '../../../../src/infra/services/auth/forget-ended-session-when-user-activated.handler';
import { RevokeRefreshTokensWhenCredentialsEnd } from '../../../../src/infra/services/auth/revoke-refresh-tokens-when-credentials-end.handler';
import { aUser } from '../../../builders/user.builder';
import { stubPort } from '../../../doubles/stub-port';

const NOW = new Date('2026-06-07T08:09:10.000Z');

describe('session handlers of user events', () => {
  const user = aUser().withId(50).admin().build();
  const principal = { kind: 'user', userId: 50, role: 'admin' };

  it('RevokeRefreshTokensWhenCredentialsEnd revokes every refresh token, with the reason of the event', async () => {
    const tokens = stubPort<IRefreshTokenRepository>();
    tokens.revokeAllOfUser.resolves(2);
    const handler = new RevokeRefreshTokensWhenCredentialsEnd(tokens, { now: () => NOW });
    expect(handler.handles).to.deep.equal(['UserDeactivated', 'PasswordChanged']);

    await handler.handle({ type: 'UserDeactivated', user });
    await handler.handle({ type: 'PasswordChanged', user });
    expect(tokens.revokeAllOfUser.args).to.deep.equal([
      [50, 'user_deactivated', NOW],
      [50, 'password_changed', NOW],
    ]);
  });

  it('EndSessionsWhenCredentialsEnd ends every access token of the user, on both events', async () => {
    const sessions = stubPort<ISessionService>();
    sessions.endAll.resolves();
    const handler = new EndSessionsWhenCredentialsEnd(sessions);
    expect(handler.handles).to.deep.equal(['UserDeactivated', 'PasswordChanged']);

    await handler.handle({ type: 'UserDeactivated', user });
    await handler.handle({ type: 'PasswordChanged', user });
    expect(sessions.endAll.args).to.deep.equal([[principal], [principal]]);
  });

  it('ForgetEndedSessionWhenUserActivated drops what the guard remembers of the user, and ends nothing', async () => {
    const guard = stubPort<ISessionGuard>();
    guard.forget.resolves();
    const handler = new ForgetEndedSessionWhenUserActivated(guard);
    expect(handler.handles).to.deep.equal(['UserActivated']);

    await handler.handle({ type: 'UserActivated', user });
    expect(guard.forget.args).to.deep.equal([[principal]]);
    expect(guard.isCurrent.called).to.equal(false);
  });
});
