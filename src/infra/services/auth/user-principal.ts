import type { Principal } from '../../../domain/modules/auth/principal';
import type { User } from '../../../domain/modules/user/user.entity';

/** The principal a stored user's tokens were issued to. */
export const principalOfUser = (user: User): Principal => ({ kind: 'user', userId: user.id as number, role: user.role });
