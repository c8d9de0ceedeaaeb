import jwt, { type JwtPayload } from 'jsonwebtoken';
import type { Logger } from 'pino';
import { SsoLoginRefusedError } from '../../../domain/modules/auth/auth.errors';
import type { ISsoAdapter, SsoIdentity } from '../../../domain/modules/auth/sso.port';
import { hasUnsafeCharacters } from '../../../domain/shared/unsafe-text';
import type { RemoteJwksKeySet } from './remote-jwks.key-set';

export interface OidcOptions {
  issuer: string;
  audience: string;
}

const CLOCK_TOLERANCE_SECONDS = 30;
/** OpenID Connect caps `sub` at 255 ASCII characters; a longer one is no identity this service stores. */
const MAX_SUBJECT_LENGTH = 255;

/**
 * Verifies OpenID Connect ID tokens of the company SSO: RS256 only, key looked up by `kid` in the
 * provider's JWKS (never from the token's own headers), `iss`, `aud` and `exp` required and checked,
 * and `azp`, when present, must be our own client id.
 */
export class OidcSsoAdapter implements ISsoAdapter {
  constructor(
    private readonly options: OidcOptions,
    private readonly keys: RemoteJwksKeySet,
    private readonly logger: Logger,
  ) {}

  async verify(idToken: string): Promise<SsoIdentity> {
    let decoded: jwt.Jwt | null;
    try {
      decoded = jwt.decode(idToken, { complete: true });
    } catch {
      // jsonwebtoken throws, rather than answering null, when the payload segment is not JSON.
      return this.refuse('payload is not JSON');
    }
    if (!decoded || typeof decoded.payload === 'string') return this.refuse('not a JWT');
    const header = decoded.header as unknown as Record<string, unknown>;
    if (header.alg !== 'RS256') return this.refuse('algorithm is not RS256');
    if (header.kid !== undefined && typeof header.kid !== 'string') return this.refuse('kid is not a string');
    const key = await this.keys.find(header.kid);
    if (!key) return this.refuse('unknown kid');
    let payload: JwtPayload;
    try {
      payload = jwt.verify(idToken, key, {
        algorithms: ['RS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }) as JwtPayload;
    } catch (error) {
      return this.refuse((error as Error).message);
    }
    // jsonwebtoken checks exp only when present; an ID token without one is refused here.
    if (typeof payload.exp !== 'number' || typeof payload.sub !== 'string' || payload.sub === '') return this.refuse('exp or sub missing');
    if (payload.sub.length > MAX_SUBJECT_LENGTH) return this.refuse('sub too long');
    // The claims are compared with stored columns: a NUL would fail the query, an override would mislead.
    const claims = [payload.sub, payload.email, payload.cpf].filter((claim): claim is string => typeof claim === 'string');
    if (claims.some(hasUnsafeCharacters)) return this.refuse('a claim holds control, invisible or direction characters');
    // `aud` may list several clients; `azp` names the one the token was issued to (OIDC Core 3.1.3.7).
    // A token obtained by another client that merely lists us must not log anyone in here.
    if (payload.azp !== undefined && payload.azp !== this.options.audience) return this.refuse('azp is another client');
    return {
      issuer: this.options.issuer,
      subject: payload.sub,
      email: typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : null,
      emailVerified: payload.email_verified === true,
      cpf: typeof payload.cpf === 'string' ? payload.cpf : null,
    };
  }

  private refuse(reason: string): never {
    // The reason stays in the logs; the caller only learns that the token was not accepted.
    this.logger.info({ reason }, 'sso: ID token refused');
    throw new SsoLoginRefusedError();
  }
}
