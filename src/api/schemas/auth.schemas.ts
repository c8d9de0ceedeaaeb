import { Joi } from './safe-text.joi';

// Shapes only: a CPF with wrong check digits is a failed login like any other, not a 400.
const cpf = Joi.string().trim().max(14).pattern(/^[0-9.-]+$/).messages({ 'string.pattern.base': 'must be a CPF' });

export const loginBody = Joi.object<{ cpf: string; password: string }, true>({
  cpf: cpf.required(),
  password: Joi.string().secret().max(128).required(),
});

export const refreshTokenBody = Joi.object<{ refreshToken: string }, true>({
  // Ours are 43 characters; the generous bound only keeps absurd inputs away from the digest.
  refreshToken: Joi.string().max(4096).required(),
});

/** Nothing to say: the caller's own token names whose sessions end. */
export const logoutEverywhereBody = Joi.object<Record<string, never>, true>({});

export const ssoLoginBody = Joi.object<{ idToken: string }, true>({
  idToken: Joi.string().max(16_384).required(),
});

/**
 * OAuth 2 token request (RFC 6749 section 4.4.2). Unknown parameters are ignored, as the RFC
 * requires of the server (section 3.1); a repeated parameter arrives as an array and is refused.
 */
export const tokenRequestBody = Joi.object<
  { grant_type?: string; client_id?: string; client_secret?: string; scope?: string },
  true
>({
  grant_type: Joi.string().max(100),
  client_id: Joi.string().max(128),
  client_secret: Joi.string().secret().max(512),
  scope: Joi.string().allow('').max(1000),
}).unknown(true);
