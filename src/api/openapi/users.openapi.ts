import Joi from 'joi';
import { cpfParams, listUsersQuery, registerUserBody, updateUserBody } from '../schemas/user.schemas';
import { BEARER, type OpenApiModule, OPTIONAL_BEARER } from './openapi-builder';
import { CURSORS, MARIA, PAGE_LIMIT } from './request-examples';
import { V1_ROUTE } from './route-problems';

/** What presentUser() answers; the OpenAPI test checks real responses against it. */
export const userResponse = Joi.object({
  id: Joi.number().integer().required(),
  cpf: Joi.string()
    .pattern(/^\d{11}$/)
    .required()
    .description('The CPF as its 11 digits, the canonical form to store and compare (format it for display on the client)')
    .example('52998224725'),
  name: Joi.string().required(),
  email: Joi.string().required(),
  role: Joi.string().valid('customer', 'admin').required(),
  isActive: Joi.boolean().required(),
  createdAt: Joi.string().isoDate().required(),
  updatedAt: Joi.string().isoDate().required(),
}).meta({ className: 'User' });

export const userPageResponse = Joi.object({
  items: Joi.array().items(userResponse).required(),
  nextCursor: Joi.string().allow(null).required().description('Pass as ?cursor= for the next page; null on the last page'),
}).meta({ className: 'UserPage' });

const cpfPath = 'The CPF, with or without punctuation (52998224725 or 529.982.247-25)';

export const usersOpenApi: OpenApiModule = {
  tag: { name: 'users', description: 'Users identified by their CPF' },
  paths: (api) => {
    const cpf = api.parameters(cpfParams, 'path', { cpf: MARIA.cpf }).map((p) => ({ ...p, description: cpfPath }));
    return {
      '/v1/users': {
        post: {
          operationId: 'registerUser',
          summary: 'Register a user',
          description: 'Anyone may register while SELF_SIGNUP is true; otherwise an admin or a service with users:write. An anonymous sign-up counts against the credential-endpoint limit of its address (429).',
          security: OPTIONAL_BEARER,
          requestBody: api.jsonBody(registerUserBody, { cpf: MARIA.cpf, name: MARIA.name, email: MARIA.email, password: MARIA.password }),
          errors: [...V1_ROUTE, 'FORBIDDEN', 'INVALID_CPF', 'USER_ALREADY_EXISTS'],
          responses: {
            '201': api.json('The new user', userResponse, { Location: 'URL of the new user' }),
          },
        },
        get: {
          operationId: 'listUsers',
          summary: 'List active users (cursor-paginated)',
          description: 'Admin or users:read.',
          security: BEARER,
          parameters: api.parameters(listUsersQuery, 'query', { limit: PAGE_LIMIT, cursor: CURSORS.users }),
          errors: [...V1_ROUTE, 'FORBIDDEN', 'INVALID_CURSOR'],
          responses: { '200': api.json('A page of active users', userPageResponse) },
        },
      },
      '/v1/users/{cpf}': {
        get: {
          operationId: 'getUser',
          summary: 'Read a user',
          description: 'The user themself, an admin or users:read; anyone else gets 404.',
          security: BEARER,
          parameters: cpf,
          errors: [...V1_ROUTE, 'FORBIDDEN', 'INVALID_CPF', 'USER_NOT_FOUND'],
          responses: { '200': api.json('The user', userResponse) },
        },
        patch: {
          operationId: 'updateUser',
          summary: 'Change name, email or password',
          description:
            'The user themself (a change of their own email or password needs `currentPassword`; a password change ends every ' +
            'session, this one included), an admin (a customer\'s password reset; another admin\'s name only), or users:write ' +
            '(a customer\'s name and email; no service changes a password or an admin). A wrong `currentPassword` is a 403 CURRENT_PASSWORD_INVALID.',
          security: BEARER,
          parameters: cpf,
          requestBody: api.jsonBody(updateUserBody, { email: 'maria.souza@example.com', currentPassword: MARIA.password }),
          errors: [...V1_ROUTE, 'FORBIDDEN', 'INVALID_CPF', 'USER_NOT_FOUND', 'USER_ALREADY_EXISTS', 'CURRENT_PASSWORD_INVALID'],
          responses: { '200': api.json('The changed user', userResponse) },
        },
      },
      '/v1/users/{cpf}/deactivate': {
        post: {
          operationId: 'deactivateUser',
          summary: 'Deactivate a user (revokes sessions, freezes accounts for debits)',
          description: 'An admin or users:write (customers only: no service acts on an admin); a user may deactivate themself. Every session of the user ends within a few seconds.',
          security: BEARER,
          parameters: cpf,
          errors: [...V1_ROUTE, 'FORBIDDEN', 'INVALID_CPF', 'USER_NOT_FOUND', 'USER_ALREADY_INACTIVE'],
          responses: { '200': api.json('The deactivated user', userResponse) },
        },
      },
      '/v1/users/{cpf}/activate': {
        post: {
          operationId: 'activateUser',
          summary: 'Activate a user again',
          description: 'An admin or users:write (customers only). Nobody activates themself. Sessions ended by the deactivation stay ended.',
          security: BEARER,
          parameters: cpf,
          errors: [...V1_ROUTE, 'FORBIDDEN', 'INVALID_CPF', 'USER_NOT_FOUND', 'USER_ALREADY_ACTIVE'],
          responses: { '200': api.json('The activated user', userResponse) },
        },
      },
    };
  },
};
