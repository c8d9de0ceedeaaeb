import { Cpf } from '../../../../../domain/modules/user/cpf.value-object';
import { Email } from '../../../../../domain/modules/user/email.value-object';
import { PersonName } from '../../../../../domain/modules/user/person-name.value-object';
import { User, type UserRole } from '../../../../../domain/modules/user/user.entity';

export interface UserRow {
  id: number;
  cpf: string;
  name: string;
  email: string;
  password_hash: string | null;
  role: string;
  is_active: boolean;
  identity_verified: boolean;
  created_at: Date;
  updated_at: Date;
}

export type UserWriteRow = Omit<UserRow, 'id'>;

export const UserMapper = {
  toEntity(row: UserRow): User {
    return User.restore({
      id: row.id,
      cpf: Cpf.parse(row.cpf),
      name: PersonName.parse(row.name),
      email: Email.parse(row.email),
      passwordHash: row.password_hash,
      role: row.role as UserRole,
      isActive: row.is_active,
      identityVerified: row.identity_verified,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    });
  },

  toRow(user: User): UserWriteRow {
    return {
      cpf: user.cpf.value,
      name: user.name.value,
      email: user.email.value,
      password_hash: user.passwordHash,
      role: user.role,
      is_active: user.isActive,
      identity_verified: user.identityVerified,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
    };
  },
};
