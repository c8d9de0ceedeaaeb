import type { Principal } from '../../../../src/domain/modules/auth/principal';
import type { IPasswordHasher } from '../../../../src/domain/modules/user/password-hasher.port';
import sinon from 'sinon';
import type { IUserEventHandler } from '../../../../src/domain/modules/user/user-event.handler';
import type { User } from '../../../../src/domain/modules/user/user.entity';
import type { UserEvent } from '../../../../src/domain/modules/user/user.events';
import type { IUserRepository } from '../../../../src/domain/modules/user/user.repository';
import type { AuditEvent, IAuditLog } from '../../../../src/domain/shared/audit-log.port';
import { PasswordCredentialVerifier } from '../../../../src/infra/security/password-credential.verifier';
import { UserService } from '../../../../src/infra/services/user/user.service';
import { FakeUnitOfWork } from '../../../doubles/fake-unit-of-work';
import { MapCache } from '../../../doubles/map-cache';
import { stubPort } from '../../../doubles/stub-port';
import { RecordingOutbox } from '../../../doubles/recording-outbox';

export const NOW = new Date('2026-05-06T07:08:09.000Z');
export const TTL = 120;
/** An admin who is none of the stored users: their changes are someone else's (a password change is a reset). */
export const BY_ADMIN: Principal = { kind: 'user', userId: 999, role: 'admin' };
/** The user themself: a change of their own credentials must prove the current password. */
export const selfOf = (user: User): Principal => ({ kind: 'user', userId: user.id as number, role: user.role });

export type UserServiceSut = ReturnType<typeof makeSut>;

/** A UserService over stubbed ports whose repository holds users in a map and records where it writes. */
export function makeSut({ selfSignup = true }: { selfSignup?: boolean } = {}) {
  /** The users the stubbed repository holds, by CPF digits; update() writes back here. */
  const stored = new Map<string, User>();
  /** Each event the handler received, as `type:insideTransaction`. */
  const insideTransaction: string[] = [];
  /** For each repository write: whether it ran inside the unit of work. */
  const writesInTransaction: boolean[] = [];
  const audited: AuditEvent[] = [];
  const uow = new FakeUnitOfWork();
  const cache = new MapCache();
  const repo = stubPort<IUserRepository>();
  repo.findByCpf.callsFake(async (cpf) => stored.get(cpf.value) ?? null);
  repo.findById.callsFake(async (id) => [...stored.values()].find((user) => user.id === id) ?? null);
  repo.create.callsFake(async (user) => user);
  repo.update.callsFake(async (user) => {
    writesInTransaction.push(uow.active);
    stored.set(user.cpf.value, user);
    return user;
  });
  const hasher = stubPort<IPasswordHasher>();
  hasher.hash.resolves('$argon2id$hashed');
  /** Declares every event type, so it sees everything the service publishes. */
  const handler = {
    handles: ['UserDeactivated', 'UserActivated', 'PasswordChanged'],
    handle: sinon.stub<[UserEvent], Promise<void>>().callsFake(async (event) => {
      insideTransaction.push(`${event.type}:${uow.active}`);
    }),
  } satisfies IUserEventHandler;
  const outbox = new RecordingOutbox();
  const audit: IAuditLog = { record: (event) => void audited.push(event) };
  // Its own hash stub: the verifier hashes a dummy password at construction, which is not the service's doing.
  const passwords = new PasswordCredentialVerifier({ hash: async () => '$argon2id$dummy', verify: (hash, candidate) => hasher.verify(hash, candidate) });
  const service = new UserService(repo, hasher, uow, cache, { now: () => NOW }, TTL, audit, passwords, selfSignup, outbox, [handler]);
  const store = (user: User) => {
    stored.set(user.cpf.value, user);
    return user;
  };
  return { service, repo, hasher, uow, cache, handler, audit, outbox, passwords, audited, stored, store, insideTransaction, writesInTransaction };
}
