import Joi from 'joi';
import { loginBody, logoutEverywhereBody, refreshTokenBody, ssoLoginBody, tokenRequestBody } from '../schemas/auth.schemas';
import { BEARER, type OpenApiModule, PUBLIC } from './openapi-builder';
import { MARIA } from './request-examples';
import { V1_ROUTE } from './route-problems';

/** What presentTokenPair() answers; checked against real responses by the OpenAPI test. */
export const tokenPairResponse = Joi.object({
  accessToken: Joi.string().required().description('RS256 JWT; send as `Authorization: Bearer <token>`'),
  refreshToken: Joi.string().required().description('Opaque, single use: each refresh returns a new one (the same one for 10 s of repeats)'),
  tokenType: Joi.string().valid('Bearer').required(),
  expiresIn: Joi.number().integer().required().description('Access token lifetime in seconds'),
}).meta({ className: 'TokenPair' });

export const oauthTokenResponse = Joi.object({
  access_token: Joi.string().required(),
  token_type: Joi.string().valid('Bearer').required(),
  expires_in: Joi.number().integer().required(),
  scope: Joi.string().allow('').required().description('Granted scopes, space-separated'),
}).meta({ className: 'OAuthToken' });

export const ssoLinkResponse = Joi.object({
  issuer: Joi.string().required().description('The identity provider (`iss` of the ID token)'),
  subject: Joi.string().required().description('The person at that provider (`sub` of the ID token)'),
  createdAt: Joi.string().isoDate().required(),
}).meta({ className: 'SsoLink' });

const oauthError = Joi.object({
  error: Joi.string().valid('invalid_request', 'invalid_client', 'invalid_scope', 'unsupported_grant_type').required(),
  error_description: Joi.string(),
}).meta({ className: 'OAuthError' });

const NO_STORE = { 'Cache-Control': 'no-store' };

const REFRESH_TOKEN_EXAMPLE = { refreshToken: 'q3Zl9vR2xT8mN4pK7wY1bE6hJ0cF5aD2sG8uL3oI9nM' };
// The shape of an ID token (header.claims.signature); the identity provider signs real ones.
const ID_TOKEN_EXAMPLE = {
  idToken: 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImlkcC0yMDI2In0.eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLmNvbSIsInN1YiI6Im1hcmlhLnNpbHZhIn0.c2lnbmF0dXJl',
};
const TOKEN_REQUEST_EXAMPLE = { grant_type: 'client_credentials', client_id: 'svc_reports', client_secret: 'a client secret printed once by clients:create', scope: 'accounts:read' };

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
        requestBody: api.jsonBody(loginBody, { cpf: MARIA.cpf, password: MARIA.password }),
        errors: [...V1_ROUTE, 'INVALID_CREDENTIALS'],
        responses: { '200': api.json('A new session', tokenPairResponse, NO_STORE) },
      },
    },
    '/v1/auth/refresh': {
      post: {
        operationId: 'refresh',
        summary: 'Exchange a refresh token for a new pair',
        description:
          'The presented refresh token is spent. Presenting a spent one again revokes the whole session (reuse detection), except ' +
          'within 10 seconds of its rotation while its successor is unused: then the same successor is answered again (two tabs, a retry).',
        security: PUBLIC,
        requestBody: api.jsonBody(refreshTokenBody, REFRESH_TOKEN_EXAMPLE),
        errors: [...V1_ROUTE, 'INVALID_REFRESH_TOKEN'],
        responses: { '200': api.json('The next pair of the session', tokenPairResponse, NO_STORE) },
      },
    },
    '/v1/auth/logout': {
      post: {
        operationId: 'logout',
        summary: 'End the session a refresh token belongs to',
        description: 'Always 204, whether or not the token was known.',
        security: PUBLIC,
        requestBody: api.jsonBody(refreshTokenBody, REFRESH_TOKEN_EXAMPLE),
        errors: V1_ROUTE,
        responses: { '204': { description: 'Session ended' } },
      },
    },
    '/v1/auth/logout-all': {
      post: {
        operationId: 'logoutEverywhere',
        summary: "End every session of the caller (log out everywhere)",
        description:
          'Revokes every refresh token of the calling user and ends every access token already issued to the caller ' +
          '(this one included) within a few seconds, on every instance. A service client may call it to end its own tokens.',
        security: BEARER,
        requestBody: api.jsonBody(logoutEverywhereBody, {}),
        errors: V1_ROUTE,
        responses: { '204': { description: 'Every session ended' } },
      },
    },
    '/v1/auth/sso': {
      post: {
        operationId: 'ssoLogin',
        summary: 'Log in with an ID token from the company identity provider',
        description:
          'The identity (issuer, subject) logs in as the user it is linked to. An identity not linked yet is linked on this login only to a ' +
          'user an admin or a service created (matched by the `cpf` claim, else by verified e-mail); any other identity gets 401 ' +
          '(link it with POST /v1/auth/sso/link). When the ID token has `azp`, it must be this service\'s client id. 501 while SSO is not configured.',
        security: PUBLIC,
        requestBody: api.jsonBody(ssoLoginBody, ID_TOKEN_EXAMPLE),
        errors: [...V1_ROUTE, 'SSO_LOGIN_REFUSED', 'SSO_NOT_CONFIGURED', 'SSO_UNAVAILABLE'],
        responses: { '200': api.json('A new session', tokenPairResponse, NO_STORE) },
      },
    },
    '/v1/auth/sso/link': {
      post: {
        operationId: 'ssoLink',
        summary: 'Link an SSO identity to the calling user',
        description:
          'The logged-in user presents an ID token of the company identity provider; later SSO logins of that identity land in this user. ' +
          '201 when linked now, 200 when it already was. 409 `SSO_IDENTITY_IN_USE` when the identity is linked to someone else, ' +
          '409 `SSO_IDENTITY_MISMATCH` when its `cpf` claim is not the caller\'s. Users only (a service gets 403).',
        security: BEARER,
        requestBody: api.jsonBody(ssoLoginBody, ID_TOKEN_EXAMPLE),
        errors: [...V1_ROUTE, 'FORBIDDEN', 'SSO_LOGIN_REFUSED', 'SSO_IDENTITY_IN_USE', 'SSO_IDENTITY_MISMATCH', 'SSO_NOT_CONFIGURED', 'SSO_UNAVAILABLE'],
        responses: {
          '200': api.json('The identity was already linked to the caller', ssoLinkResponse),
          '201': api.json('The identity is now linked to the caller', ssoLinkResponse),
        },
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
            'application/x-www-form-urlencoded': api.requestMedia(tokenRequestBody, TOKEN_REQUEST_EXAMPLE),
            'application/json': api.requestMedia(tokenRequestBody, TOKEN_REQUEST_EXAMPLE),
          },
        },
        errors: V1_ROUTE,
        responses: {
          '200': api.json('An access token', oauthTokenResponse, NO_STORE),
          '400': api.json('invalid_request, invalid_scope or unsupported_grant_type', oauthError),
          '401': api.json('invalid_client', oauthError, { 'WWW-Authenticate': 'Basic' }),
        },
      },
    },
  }),
};
