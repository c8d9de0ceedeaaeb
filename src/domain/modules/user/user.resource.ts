import type { User } from './user.entity';

/**
 * A user as the API presents it (GET /v1/users/{cpf}) and as its events carry it: never the
 * password hash nor anything else secret.
 */
// A type, not an interface: it is also an event's `data` (a record of JSON values).
export type UserResource = {
  id: number;
  cpf: string;
  name: string;
  email: string;
  role: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
};

/** Fields are listed one by one: a new column must never reach a client by accident. */
export function userResource(user: User): UserResource {
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
