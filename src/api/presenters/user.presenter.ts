import type { User } from '../../domain/modules/user/user.entity';

export interface UserResponse {
  id: number;
  cpf: string;
  name: string;
  email: string;
  role: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Fields are listed one by one: a new column must never reach a client by accident. */
export function presentUser(user: User): UserResponse {
  return {
    id: user.id as number,
    cpf: user.cpf.value,
    name: user.name.value,
    email: user.email.value,
    role: user.role,
    isActive: user.isActive,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
