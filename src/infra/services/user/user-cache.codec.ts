import { Cpf } from '../../../domain/modules/user/cpf.value-object';
import { Email } from '../../../domain/modules/user/email.value-object';
import { PersonName } from '../../../domain/modules/user/person-name.value-object';
import { User, type UserRole } from '../../../domain/modules/user/user.entity';

interface CachedUser {
  id: number;
  cpf: string;
  name: string;
  email: string;
  role: UserRole;
  isActive: boolean;
  identityVerified: boolean;
  createdAt: string;
  updatedAt: string;
}

export const userCacheKey = (cpf: Cpf): string => `user:cpf:${cpf.value}`;

/**
 * Left in place of a user's entry by every write, for a short while. A read that fetched the row
 * before the write committed fills the cache only if the key is absent, so it cannot put the old
 * row back over this marker.
 */
export const USER_CACHE_INVALIDATED = 'invalidated';
export const INVALIDATION_TTL_SECONDS = 10;

/** The password hash is never written to the shared cache; a cached user carries none. */
export const UserCacheCodec = {
  encode(user: User): string {
    const cached: CachedUser = {
      id: user.id as number,
      cpf: user.cpf.value,
      name: user.name.value,
      email: user.email.value,
      role: user.role,
      isActive: user.isActive,
      identityVerified: user.identityVerified,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
    return JSON.stringify(cached);
  },

  /** Null on anything unreadable (an older format, a corrupted entry): the caller falls back to the database. */
  decode(text: string): User | null {
    try {
      const c = JSON.parse(text) as CachedUser;
      return User.restore({
        id: c.id,
        cpf: Cpf.parse(c.cpf),
        name: PersonName.parse(c.name),
        email: Email.parse(c.email),
        passwordHash: null,
        role: c.role,
        isActive: c.isActive,
        // An entry written before the field existed reads as unverified, the safe side.
        identityVerified: c.identityVerified === true,
        createdAt: new Date(c.createdAt),
        updatedAt: new Date(c.updatedAt),
      });
    } catch {
      return null;
    }
  },
};
