import { inject, injectable } from 'inversify';
import { SsoIdentityInUseError, SsoIdentityMismatchError, SsoLoginRefusedError, UnauthenticatedError } from '../../../domain/modules/auth/auth.errors';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import type { ISsoIdentityRepository } from '../../../domain/modules/auth/sso-identity.repository';
import { SsoLinkPolicy, type SsoRefusal } from '../../../domain/modules/auth/sso-link.policy';
import type { ISsoLinkService, SsoLinkResult } from '../../../domain/modules/auth/sso-link.service';
import type { ISsoAdapter, SsoIdentity } from '../../../domain/modules/auth/sso.port';
import { Cpf } from '../../../domain/modules/user/cpf.value-object';
import { Email } from '../../../domain/modules/user/email.value-object';
import type { User } from '../../../domain/modules/user/user.entity';
import type { IUserRepository } from '../../../domain/modules/user/user.repository';
import { USER_TYPES } from '../../../domain/modules/user/user.types';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import type { IClock } from '../../../domain/shared/clock.port';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';

/** SSO identities and the local users they log in as (SsoLinkPolicy says when a link may be made). */
@injectable()
export class SsoLinkService implements ISsoLinkService {
  constructor(
    @inject(AUTH_TYPES.ISsoIdentityRepository) private readonly links: ISsoIdentityRepository,
    @inject(USER_TYPES.IUserRepository) private readonly users: IUserRepository,
    @inject(AUTH_TYPES.ISsoAdapter) private readonly sso: ISsoAdapter,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(SHARED_TYPES.IAuditLog) private readonly audit: IAuditLog,
  ) {}

  async userFor(identity: SsoIdentity): Promise<User> {
    const linked = await this.links.find(identity.issuer, identity.subject);
    if (linked) {
      const user = await this.users.findById(linked.userId);
      if (!user?.isActive) return this.refuse(identity, 'inactive', linked.userId);
      return user;
    }
    const candidate = await this.candidateFor(identity);
    const userId = candidate?.id ?? null;
    const alreadyLinked = userId !== null && (await this.links.hasLinkWithIssuer(userId, identity.issuer));
    const refusal = SsoLinkPolicy.automaticLinkRefusal(candidate, alreadyLinked);
    if (refusal !== null) return this.refuse(identity, refusal, userId);
    const { link } = await this.links.link({ issuer: identity.issuer, subject: identity.subject, userId: userId as number, createdAt: this.clock.now() });
    // A concurrent first login may have linked the identity to someone else first; only that link counts.
    if (link.userId !== userId) return this.refuse(identity, 'issuer_already_linked', userId);
    this.recordLinked(identity, userId, 'automatic');
    return candidate as User;
  }

  async link(userId: number, idToken: string): Promise<SsoLinkResult> {
    // Verified before any read: the provider call holds no connection, and a bad token learns nothing.
    const identity = await this.sso.verify(idToken);
    const user = await this.users.findById(userId);
    if (!user?.isActive) throw new UnauthenticatedError();
    if (SsoLinkPolicy.contradicts(identity, user)) throw new SsoIdentityMismatchError();
    const result = await this.links.link({ issuer: identity.issuer, subject: identity.subject, userId, createdAt: this.clock.now() });
    if (result.link.userId !== userId) throw new SsoIdentityInUseError();
    if (result.created) this.recordLinked(identity, userId, 'explicit');
    return result;
  }

  /** By the `cpf` claim when the provider sends one (and only by it), else by a verified e-mail. */
  private async candidateFor(identity: SsoIdentity): Promise<User | null> {
    if (identity.cpf !== null) return Cpf.isValid(identity.cpf) ? this.users.findByCpf(Cpf.parse(identity.cpf)) : null;
    if (!identity.emailVerified || identity.email === null) return null;
    let email: Email;
    try {
      email = Email.parse(identity.email);
    } catch {
      // An address this service could not store names no local user.
      return null;
    }
    return this.users.findByEmail(email);
  }

  private recordLinked(identity: SsoIdentity, userId: number, how: 'automatic' | 'explicit'): void {
    this.audit.record({ type: 'auth.sso.linked', target: `user:${userId}`, detail: { issuer: identity.issuer, subject: identity.subject, how } });
  }

  private refuse(identity: SsoIdentity, reason: SsoRefusal, userId: number | null = null): never {
    this.audit.record({
      type: 'auth.sso.refused',
      ...(userId === null ? {} : { target: `user:${userId}` }),
      detail: { issuer: identity.issuer, subject: identity.subject, reason },
    });
    throw new SsoLoginRefusedError();
  }
}
