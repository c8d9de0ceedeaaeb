import { ContainerModule } from 'inversify';
import { USER_TYPES } from '../../domain/modules/user/user.types';
import { KnexUserRepository } from '../../infra/database/knex/modules/user/knex-user.repository';
import { Argon2PasswordHasher } from '../../infra/security/argon2-password.hasher';
import { RecordUserEventsInOutbox } from '../../infra/services/user/record-user-events-in-outbox.handler';
import { UserService } from '../../infra/services/user/user.service';

export const userModule = new ContainerModule((bind) => {
  bind(USER_TYPES.IUserRepository).to(KnexUserRepository).inSingletonScope();
  bind(USER_TYPES.IUserService).to(UserService).inSingletonScope();
  bind(USER_TYPES.IPasswordHasher).to(Argon2PasswordHasher).inSingletonScope();
  // The first user event handler: the user's event precedes what the other handlers record (account.frozen).
  bind(USER_TYPES.IUserEventHandler).to(RecordUserEventsInOutbox).inSingletonScope();
});
