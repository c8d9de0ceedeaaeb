import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpPost, request, response } from 'inversify-express-utils';
import { AUTH_TYPES } from '../../domain/modules/auth/auth.types';
import type { IClientCredentialsService } from '../../domain/modules/auth/client-credentials.service';
import { DomainError } from '../../domain/shared/domain-error';
import { hasControlCharacters, hasUnsafeCharacters } from '../../domain/shared/unsafe-text';
import { HttpProblem } from '../problems/problem';
import { problemKind } from '../problems/problem-table';
import { NO_STORE, presentClientToken } from '../presenters/token.presenter';
import { tokenRequestBody } from '../schemas/auth.schemas';

/** Our error codes and their OAuth 2 names (RFC 6749 section 5.2). Statuses come from the problem table. */
const OAUTH_ERRORS: Record<string, string> = {
  INVALID_TOKEN_REQUEST: 'invalid_request',
  INVALID_CLIENT: 'invalid_client',
  INVALID_SCOPE: 'invalid_scope',
  UNSUPPORTED_GRANT_TYPE: 'unsupported_grant_type',
};

interface TokenRequest {
  clientId: string;
  clientSecret: string;
  scope: string | undefined;
}

/** error_description may hold printable ASCII except '"' and '\\' (RFC 6749 section 5.2). */
const oauthDescription = (text: string): string => text.replace(/"/g, "'").replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?');

const invalidRequest = (detail: string) => new HttpProblem('INVALID_TOKEN_REQUEST', detail);
const invalidClient = () => new HttpProblem('INVALID_CLIENT', 'Client authentication failed');

/** `Basic base64(urlencode(id) ":" urlencode(secret))`, RFC 6749 section 2.3.1. */
function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | null {
  if (header === undefined || !/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw invalidClient();
  const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
  let credentials: { clientId: string; clientSecret: string };
  try {
    credentials = { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw invalidClient();
  }
  // The body's credentials pass the same rule in tokenRequestBody; no stored client id holds such characters.
  if (hasUnsafeCharacters(credentials.clientId) || hasControlCharacters(credentials.clientSecret)) throw invalidClient();
  return credentials;
}

function parseTokenRequest(req: Request): TokenRequest {
  const { value, error } = tokenRequestBody.validate(req.body ?? {}, { errors: { wrap: { label: false } } });
  if (error) throw invalidRequest(error.message);
  if (value.grant_type === undefined) throw invalidRequest('grant_type is required');
  if (value.grant_type !== 'client_credentials') throw new HttpProblem('UNSUPPORTED_GRANT_TYPE', 'Only grant_type=client_credentials is supported');
  const basic = basicCredentials(req.get('Authorization'));
  const inBody = value.client_id !== undefined || value.client_secret !== undefined;
  if (basic && inBody) throw invalidRequest('Client credentials must be sent in one way only: HTTP Basic or the body');
  const credentials = basic ?? { clientId: value.client_id, clientSecret: value.client_secret };
  if (!credentials.clientId || !credentials.clientSecret) throw invalidClient();
  return { clientId: credentials.clientId, clientSecret: credentials.clientSecret, scope: value.scope };
}

/**
 * OAuth 2 client credentials grant for internal services. The only endpoint that answers OAuth 2
 * error bodies instead of problem+json, because OAuth 2 client libraries expect them.
 */
@controller('/v1/auth/token')
export class OAuthTokenController {
  constructor(@inject(AUTH_TYPES.IClientCredentialsService) private readonly clients: IClientCredentialsService) {}

  @httpPost('/')
  async token(@request() req: Request, @response() res: Response): Promise<void> {
    try {
      const { clientId, clientSecret, scope } = parseTokenRequest(req);
      const issued = await this.clients.issueToken(clientId, clientSecret, scope);
      res.status(200).set(NO_STORE).json(presentClientToken(issued));
    } catch (error) {
      const code = error instanceof HttpProblem || error instanceof DomainError ? error.code : undefined;
      const oauthError = code === undefined ? undefined : OAUTH_ERRORS[code];
      // Anything else (database down, a bug) is not an OAuth error: the problem+json handler takes it.
      if (code === undefined || oauthError === undefined) throw error;
      const kind = problemKind(code)!;
      const detail = error instanceof HttpProblem ? error.detail : (error as Error).message;
      res.status(kind.status).set({ ...NO_STORE, ...kind.headers }).json({ error: oauthError, error_description: oauthDescription(detail) });
    }
  }
}
