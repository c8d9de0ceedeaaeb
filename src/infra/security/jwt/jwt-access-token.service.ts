import { randomUUID } from 'node:crypto';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import type { IAccessTokenIssuer, IAccessTokenVerifier, IssuedAccessToken, VerifiedAccessToken } from '../../../domain/modules/auth/access-token.port';
import { UnauthenticatedError } from '../../../domain/modules/auth/auth.errors';
import { type Principal, SCOPES, type Scope } from '../../../domain/modules/auth/principal';
import type { KeyMaterial, VerificationKey } from './key-material';

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface ExpiringVerifiedToken extends VerifiedAccessToken {
  expiresAtSeconds: number;
}

const CLOCK_TOLERANCE_SECONDS = 30;
// Header members that would let a token choose its own verification key: never honoured, always refused.
const FORBIDDEN_HEADER_MEMBERS = ['jku', 'x5u', 'jwk', 'x5c'];

/** RS256 access tokens signed with the service's key; see SPEC section 4 "Auth" for the claims. */
export class JwtAccessTokenService implements IAccessTokenIssuer, IAccessTokenVerifier {
  private readonly keysById: Map<string, VerificationKey>;

  constructor(
    private readonly keys: KeyMaterial,
    private readonly options: AccessTokenOptions,
  ) {
    this.keysById = new Map(keys.verification.map((key) => [key.kid, key]));
  }

  issue(principal: Principal, sessionVersion: number): IssuedAccessToken {
    const claims =
      principal.kind === 'user'
        ? { token_use: 'user', role: principal.role, sv: sessionVersion }
        : { token_use: 'service', scope: principal.scopes.join(' '), sv: sessionVersion };
    const token = jwt.sign(claims, this.keys.signing.privateKey, {
      algorithm: 'RS256',
      keyid: this.keys.signing.kid,
      issuer: this.options.issuer,
      audience: this.options.audience,
      subject: principal.kind === 'user' ? String(principal.userId) : principal.clientId,
      expiresIn: this.options.ttlSeconds,
      jwtid: randomUUID(),
    });
    return { token, expiresInSeconds: this.options.ttlSeconds };
  }

  verify(token: string): VerifiedAccessToken {
    const { principal, sessionVersion } = this.verifyWithExpiry(token);
    return { principal, sessionVersion };
  }

  /** As `verify`, with the token's `exp` (seconds since the epoch): how long a verification may be remembered. */
  verifyWithExpiry(token: string): ExpiringVerifiedToken {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new UnauthenticatedError();
    const header = decoded.header as unknown as Record<string, unknown>;
    if (header.alg !== 'RS256' || FORBIDDEN_HEADER_MEMBERS.some((member) => member in header)) throw new UnauthenticatedError();
    const key = typeof header.kid === 'string' ? this.keysById.get(header.kid) : undefined;
    if (!key) throw new UnauthenticatedError();
    let payload: JwtPayload;
    try {
      payload = jwt.verify(token, key.publicKey, {
        algorithms: ['RS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }) as JwtPayload;
    } catch {
      throw new UnauthenticatedError();
    }
    // Every token names its session version: one without it cannot be revoked, so it is not honoured.
    if (!Number.isSafeInteger(payload.sv) || (payload.sv as number) < 0) throw new UnauthenticatedError();
    return { principal: toPrincipal(payload), sessionVersion: payload.sv as number, expiresAtSeconds: payload.exp as number };
  }
}

function toPrincipal(payload: JwtPayload): Principal {
  if (typeof payload.exp !== 'number' || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') {
    throw new UnauthenticatedError();
  }
  if (payload.token_use === 'user' && /^[1-9]\d{0,9}$/.test(payload.sub) && (payload.role === 'customer' || payload.role === 'admin')) {
    return { kind: 'user', userId: Number(payload.sub), role: payload.role };
  }
  if (payload.token_use === 'service' && typeof payload.scope === 'string') {
    const scopes = payload.scope.split(' ').filter(Boolean);
    if (scopes.every((s): s is Scope => (SCOPES as readonly string[]).includes(s))) {
      return { kind: 'service', clientId: payload.sub, scopes };
    }
  }
  throw new UnauthenticatedError();
}
