import { inject, injectable, multiInject, optional } from 'inversify';
import { AUTH_TYPES } from '../../../domain/modules/auth/auth.types';
import type { Principal } from '../../../domain/modules/auth/principal';
import { Cpf } from '../../../domain/modules/user/cpf.value-object';
import { Email } from '../../../domain/modules/user/email.value-object';
import type { IPasswordHasher } from '../../../domain/modules/user/password-hasher.port';
import { Password } from '../../../domain/modules/user/password.value-object';
import { PersonName } from '../../../domain/modules/user/person-name.value-object';
import type { IUserEventHandler } from '../../../domain/modules/user/user-event.handler';
import { type UserAction, userAccessPolicy } from '../../../domain/modules/user/user-access.policy';
import { User } from '../../../domain/modules/user/user.entity';
import { CurrentPasswordInvalidError, UserNotFoundError } from '../../../domain/modules/user/user.errors';
import type { UserEvent } from '../../../domain/modules/user/user.events';
import { ValidationError } from '../../../domain/shared/domain-error';
import type { IAuditLog } from '../../../domain/shared/audit-log.port';
import type { PasswordCredentialVerifier } from '../../security/password-credential.verifier';
import type { IUserRepository } from '../../../domain/modules/user/user.repository';
import type { IUserService, RegisterUserInput, UpdateUserInput } from '../../../domain/modules/user/user.service';
import { USER_TYPES } from '../../../domain/modules/user/user.types';
import type { ICache } from '../../../domain/shared/cache.port';
import type { IClock } from '../../../domain/shared/clock.port';
import type { IEventOutbox } from '../../../domain/shared/events.port';
import { userOutboxEvent } from '../../../domain/modules/user/user.outbox-events';
import type { Page, PageQuery } from '../../../domain/shared/pagination';
import { SHARED_TYPES } from '../../../domain/shared/shared.types';
import type { IUnitOfWork } from '../../../domain/shared/unit-of-work.port';
import { INFRA_TYPES } from '../../infra.types';
import { INVALIDATION_TTL_SECONDS, USER_CACHE_INVALIDATED, UserCacheCodec, userCacheKey } from './user-cache.codec';

@injectable()
export class UserService implements IUserService {
  constructor(
    @inject(USER_TYPES.IUserRepository) private readonly users: IUserRepository,
    @inject(USER_TYPES.IPasswordHasher) private readonly hasher: IPasswordHasher,
    @inject(SHARED_TYPES.IUnitOfWork) private readonly uow: IUnitOfWork,
    @inject(SHARED_TYPES.ICache) private readonly cache: ICache,
    @inject(SHARED_TYPES.IClock) private readonly clock: IClock,
    @inject(INFRA_TYPES.CacheTtlSeconds) private readonly cacheTtlSeconds: number,
    @inject(SHARED_TYPES.IAuditLog) private readonly audit: IAuditLog,
    @inject(INFRA_TYPES.PasswordCredentialVerifier) private readonly passwords: PasswordCredentialVerifier,
    @inject(AUTH_TYPES.SelfSignup) private readonly selfSignup: boolean,
    @inject(SHARED_TYPES.IEventOutbox) private readonly outbox: IEventOutbox,
    @multiInject(USER_TYPES.IUserEventHandler) @optional() private readonly handlers: IUserEventHandler[] = [],
  ) {}

  async register(actor: Principal | null, input: RegisterUserInput): Promise<User> {
    userAccessPolicy.assertCanRegister(actor, input.role, this.selfSignup);
    const user = User.register({
      cpf: Cpf.parse(input.cpf),
      name: PersonName.parse(input.name),
      email: Email.parse(input.email),
      passwordHash: input.password === undefined ? null : await this.hasher.hash(Password.parse(input.password)),
      role: input.role,
      identityVerified: userAccessPolicy.vouchesForIdentity(actor),
      now: this.clock.now(),
    });
    // The new row is the event's lock: nothing else can change the user before this commits.
    return this.uow.transaction(async () => {
      const created = await this.users.create(user);
      await this.outbox.record(userOutboxEvent('user.registered', created));
      return created;
    });
  }

  async get(actor: Principal, cpf: string): Promise<User> {
    const target = await this.reachable(actor, 'read', cpf);
    userAccessPolicy.assertCanRead(actor, target);
    return target;
  }

  async update(actor: Principal, cpfText: string, changes: UpdateUserInput): Promise<User> {
    const terms = userAccessPolicy.assertCanUpdate(actor, await this.reachable(actor, 'change', cpfText), changes);
    // Parse everything (and hash) before touching the database: bad input changes nothing.
    const name = changes.name === undefined ? undefined : PersonName.parse(changes.name);
    const email = changes.email === undefined ? undefined : Email.parse(changes.email);
    if (terms.requiresCurrentPassword && changes.currentPassword === undefined) {
      throw new ValidationError('currentPassword', 'is required to change your own e-mail or password');
    }
    const passwordHash = changes.password === undefined ? undefined : await this.hasher.hash(Password.parse(changes.password));
    // Proven before the transaction: no row stays locked through a deliberately slow hash check.
    if (terms.requiresCurrentPassword) await this.proveCurrentPassword(cpfText, changes.currentPassword as string);
    return this.change(cpfText, async (user, now) => {
      if (name) user.rename(name, now);
      if (email && !email.equals(user.email)) {
        user.changeEmail(email, now);
        this.audit.record({ type: 'user.email.changed', target: `user:${user.id}` });
      }
      // What the API shows of the user changed; a new password alone is `user.password_changed`.
      if (name || email) await this.outbox.record(userOutboxEvent('user.updated', user));
      if (passwordHash) {
        user.changePasswordHash(passwordHash, now);
        await this.publish({ type: 'PasswordChanged', user });
        this.audit.record({ type: terms.self ? 'user.password.changed' : 'user.password.reset', target: `user:${user.id}` });
      }
    });
  }

  async deactivate(actor: Principal, cpfText: string): Promise<User> {
    userAccessPolicy.assertCanDeactivate(actor, await this.reachable(actor, 'deactivate', cpfText));
    return this.change(cpfText, async (user, now) => {
      user.deactivate(now);
      await this.publish({ type: 'UserDeactivated', user });
      this.audit.record({ type: 'user.deactivated', target: `user:${user.id}` });
    });
  }

  async activate(actor: Principal, cpfText: string): Promise<User> {
    userAccessPolicy.assertCanActivate(actor, await this.reachable(actor, 'activate', cpfText));
    return this.change(cpfText, async (user, now) => {
      user.activate(now);
      await this.publish({ type: 'UserActivated', user });
      this.audit.record({ type: 'user.activated', target: `user:${user.id}` });
    });
  }

  async listActive(actor: Principal, query: PageQuery<number>): Promise<Page<User, number>> {
    userAccessPolicy.assertCanList(actor);
    return this.users.listActive(query);
  }

  /**
   * The target of `action`, loaded only once the caller may attempt it. A caller who reaches only
   * themself is compared with the CPF before any lookup of it: someone else's CPF answers in the
   * same time whether or not it exists. What the caller may then do to the target is the policy's.
   */
  private async reachable(actor: Principal, action: UserAction, cpfText: string): Promise<User> {
    userAccessPolicy.assertMayAttempt(actor, action);
    if (actor.kind === 'user' && !userAccessPolicy.reachesOthers(actor, action)) {
      const self = await this.users.findById(actor.userId);
      if (!self || !self.cpf.equals(Cpf.parse(cpfText))) throw new UserNotFoundError();
      return self;
    }
    return this.cachedByCpf(cpfText);
  }

  private async cachedByCpf(cpfText: string): Promise<User> {
    const cpf = Cpf.parse(cpfText);
    const key = userCacheKey(cpf);
    const cached = await this.cache.get(key);
    const fromCache = cached === null || cached === USER_CACHE_INVALIDATED ? null : UserCacheCodec.decode(cached);
    if (fromCache) return fromCache;
    const user = await this.users.findByCpf(cpf);
    if (!user) throw new UserNotFoundError();
    if (cached === null) await this.cache.add(key, UserCacheCodec.encode(user), this.cacheTtlSeconds);
    // An unreadable entry is replaced; a recent write's marker is left to expire.
    else if (cached !== USER_CACHE_INVALIDATED) await this.cache.set(key, UserCacheCodec.encode(user), this.cacheTtlSeconds);
    return user;
  }

  /** Loads, changes and stores one user in a transaction, then marks its cache entry invalidated. */
  private async change(cpfText: string, apply: (user: User, now: Date) => Promise<void>): Promise<User> {
    const cpf = Cpf.parse(cpfText);
    const saved = await this.uow.transaction(async () => {
      const user = await this.users.findByCpf(cpf, { forUpdate: true });
      if (!user) throw new UserNotFoundError();
      await apply(user, this.clock.now());
      return this.users.update(user);
    });
    await this.cache.set(userCacheKey(cpf), USER_CACHE_INVALIDATED, INVALIDATION_TTL_SECONDS);
    return saved;
  }

  /** Always one hash verification, even for a user without a password, so a wrong guess costs as much as a right one. */
  private async proveCurrentPassword(cpfText: string, candidate: string): Promise<void> {
    const user = await this.users.findByCpf(Cpf.parse(cpfText));
    if (!user) throw new UserNotFoundError();
    const matches = await this.passwords.verify(user.passwordHash, candidate);
    if (!matches) {
      this.audit.record({ type: 'auth.login.failed', target: `user:${user.id}`, detail: { reason: 'current_password' } });
      throw new CurrentPasswordInvalidError();
    }
  }

  /**
   * Hands the event to each handler that declares its type, one after the other in binding order,
   * inside the caller's transaction: the first failure aborts the change. The check on `handles`
   * is what keeps a handler from receiving an event type it did not declare.
   */
  private async publish(event: UserEvent): Promise<void> {
    for (const handler of this.handlers) {
      if (handler.handles.includes(event.type)) await handler.handle(event);
    }
  }
}
