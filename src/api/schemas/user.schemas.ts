import type { RegisterUserInput, UpdateUserInput } from '../../domain/modules/user/user.service';
import { Joi } from './safe-text.joi';
import { pageQuerySchema, type PageRequest } from '../http/cursor';

// Shape checks only; the domain value objects own the business rules (check digits, lengths).
const cpf = Joi.string().trim().max(14).pattern(/^[0-9.-]+$/).messages({ 'string.pattern.base': 'must be a CPF' });
const name = Joi.string().max(200);
const email = Joi.string().max(254);
const password = Joi.string().secret().max(128);

export const cpfParams = Joi.object<{ cpf: string }, true>({ cpf: cpf.required() });

// Whether the identity is verified is the server's to decide (UserAccessPolicy.vouchesForIdentity), never the caller's.
export const registerUserBody = Joi.object<RegisterUserInput, true>({
  cpf: cpf.required(),
  name: name.required(),
  email: email.required(),
  password,
  // Accepted in shape only: UserAccessPolicy lets nobody but an admin set it (else 400).
  role: Joi.string().valid('customer', 'admin'),
});

// role, isActive, id and anything else are unknown here, hence refused (no mass assignment).
// currentPassword proves a user's own change of e-mail or password; it changes nothing by itself.
export const updateUserBody = Joi.object<UpdateUserInput, true>({ name, email, password, currentPassword: password })
  .or('name', 'email', 'password')
  .messages({ 'object.missing': 'must change at least one of name, email, password' });

export const listUsersQuery = Joi.object<PageRequest, true>(pageQuerySchema);

// User ids are PostgreSQL integers (int4): a larger cursor is a 400, never a failing query.
export const userCursor = Joi.number().integer().min(0).max(2_147_483_647).required();
