import Joi from 'joi';
import { loginBody, refreshTokenBody, ssoLoginBody, tokenRequestBody } from '../schemas/auth.schemas';
import { type OpenApiModule, PUBLIC } from './openapi-builder';

/** What presentTokenPair() answers; checked against real responses by the OpenAPI test. */
export const tokenPairResponse = Joi.object({
  accessToken: Joi.string().required().description('RS256 JWT; send as `Authorization: Bearer <token>`'),
  refreshToken: Joi.string().required().description('Opaque, single use: each refresh returns a new one'),
  tokenType: Joi.string().valid('Bearer').required(),
  expiresIn: Joi.number().integer().required().description('Access token lifetime in seconds'),
}).meta({ className: 'TokenPair' });

export const oauthTokenResponse = Joi.object({
  access_token: Joi.string().required(),
  token_type: Joi.string().valid('Bearer').required(),
  expires_in: Joi.number().integer().required(),
  scope: Joi.string().allow('').required().description('Granted scopes, space-separated'),
}).meta({ className: 'OAuthToken' });

const oauthError = Joi.object({
  error: Joi.string().valid('invalid_request', 'invalid_client', 'invalid_scope', 'unsupported_grant_type').required(),
  error_description: Joi.string(),
}).meta({ className: 'OAuthError' });

const NO_STORE = { 'Cache-Control': 'no-store' };

export const authOpenApi: OpenApiModule = {
  tag: { name: 'auth', description: 'Sessions for people (password, SSO) and tokens for service clients' },
  paths: (api) => ({
    '/v1/auth/login': {
      post: {
        operationId: 'login',
        summary: 'Log in with CPF and password',
        description:
          'A wrong CPF and a wrong password get the same 401. After 10 failures for a CPF from one address, that pair gets 429 for the rest of ' +
          '15 minutes; from other addresses the CPF is only slowed down (after 5 failures, up to 4 s before the password is checked), never refused.',
        security: PUBLIC,
        requestBody: api.jsonBody(loginBody),
        responses: { '200': api.json('A new session', tokenPairResponse, NO_STORE), ...api.problems(400, 401, 413, 415, 429) },
      },
    },
    '/v1/auth/refresh': {
      post: {
        operationId: 'refresh',
        summary: 'Exchange a refresh token for a new pair',
        description: 'The presented refresh token is spent. Presenting a spent one again revokes the whole session (reuse detection).',
        security: PUBLIC,
        requestBody: api.jsonBody(refreshTokenBody),
        responses: { '200': api.json('The next pair of the session', tokenPairResponse, NO_STORE), ...api.problems(400, 401, 413, 415, 429) },
      },
    },
    '/v1/auth/logout': {
      post: {
        operationId: 'logout',
        summary: 'End the session a refresh token belongs to',
        description: 'Always 204, whether or not the token was known.',
        security: PUBLIC,
        requestBody: api.jsonBody(refreshTokenBody),
        responses: { '204': { description: 'Session ended' }, ...api.problems(400, 413, 415, 429) },
      },
    },
    '/v1/auth/sso': {
      post: {
        operationId: 'ssoLogin',
        summary: 'Log in with an ID token from the company identity provider',
        description: 'The user is matched by the `cpf` claim, else by verified email; an unknown identity gets 401. 501 while SSO is not configured.',
        security: PUBLIC,
        requestBody: api.jsonBody(ssoLoginBody),
        responses: { '200': api.json('A new session', tokenPairResponse, NO_STORE), ...api.problems(400, 401, 413, 415, 429, 501, 503) },
      },
    },
    '/v1/auth/token': {
      post: {
        operationId: 'clientCredentialsToken',
        summary: 'OAuth 2 client credentials grant (service clients)',
        description:
          'Form-encoded or JSON. Client id and secret in the body or with HTTP Basic (one way only). `scope` narrows the grant; ' +
          'it can never widen it beyond the client\'s scopes. Errors here are OAuth 2 bodies, not problem+json.',
        security: [{}, { clientBasic: [] }],
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': { schema: api.schema(tokenRequestBody) },
            'application/json': { schema: api.schema(tokenRequestBody) },
          },
        },
        responses: {
          '200': api.json('An access token', oauthTokenResponse, NO_STORE),
          '400': api.json('invalid_request, invalid_scope or unsupported_grant_type', oauthError),
          '401': api.json('invalid_client', oauthError, { 'WWW-Authenticate': 'Basic' }),
          ...api.problems(413, 415, 429),
        },
      },
    },
  }),
};
