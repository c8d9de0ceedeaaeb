import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { UnauthenticatedError } from '../../../../src/domain/modules/auth/auth.errors';
import { JwtAccessTokenService } from '../../../../src/infra/security/jwt/jwt-access-token.service';
import { type KeyMaterial, loadKeyMaterial } from '../../../../src/infra/security/jwt/key-material';
import { accessClaims, forgeJwt, hs256, rs256 } from '../../../helpers/jwt-forge';

const OPTIONS = { issuer: 'fincore', audience: 'fincore-api', ttlSeconds: 900 };
const now = () => Math.floor(Date.now() / 1000);

describe('JwtAccessTokenService', () => {
  let keys: KeyMaterial;
  let service: JwtAccessTokenService;
  let kid: string;
  const signWithOurKey = () => rs256(keys.signing.privateKey);
  const header = (extra: Record<string, unknown> = {}) => ({ alg: 'RS256', typ: 'JWT', kid, ...extra });

  before(() => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    keys = loadKeyMaterial({ privateKeyPem: pem });
    kid = keys.signing.kid;
    service = new JwtAccessTokenService(keys, OPTIONS);
  });

  const refused = (token: string) => expect(() => service.verify(token)).to.throw(UnauthenticatedError);

  describe('issue', () => {
    it('signs a user token with RS256 under our kid, with iss, aud, sub, exp and a unique jti', () => {
      const { token, expiresInSeconds } = service.issue({ kind: 'user', userId: 42, role: 'admin' }, 3);
      const decoded = jwt.decode(token, { complete: true })!;
      const payload = decoded.payload as jwt.JwtPayload;
      expect(decoded.header).to.include({ alg: 'RS256', kid });
      expect(payload).to.include({ iss: 'fincore', aud: 'fincore-api', sub: '42', token_use: 'user', role: 'admin', sv: 3 });
      expect(payload.exp! - payload.iat!).to.equal(900);
      expect(expiresInSeconds).to.equal(900);
      expect(payload.jti).to.be.a('string');
      const other = jwt.decode(service.issue({ kind: 'user', userId: 42, role: 'admin' }, 3).token) as jwt.JwtPayload;
      expect(other.jti).to.not.equal(payload.jti);
    });

    it('a service token carries its scopes as the OAuth scope claim, and no role', () => {
      const { token } = service.issue({ kind: 'service', clientId: 'svc_a', scopes: ['users:read', 'accounts:read'] }, 0);
      const payload = jwt.decode(token) as jwt.JwtPayload;
      expect(payload).to.include({ sub: 'svc_a', token_use: 'service', scope: 'users:read accounts:read' });
      expect(payload).to.not.have.property('role');
    });
  });

  describe('verify', () => {
    it('round-trips both kinds of principal', () => {
      expect(service.verify(service.issue({ kind: 'user', userId: 7, role: 'customer' }, 2).token)).to.deep.equal({
        principal: { kind: 'user', userId: 7, role: 'customer' },
        sessionVersion: 2,
      });
      expect(service.verify(service.issue({ kind: 'service', clientId: 'svc_b', scopes: [] }, 0).token)).to.deep.equal({
        principal: { kind: 'service', clientId: 'svc_b', scopes: [] },
        sessionVersion: 0,
      });
    });

    it('refuses a token without a session version, or with one that is not a non-negative integer', () => {
      for (const sv of [undefined, -1, 1.5, '1', null]) refused(forgeJwt(header(), accessClaims({ sv }), signWithOurKey()));
    });

    it('accepts a token expired less than the 30 s clock tolerance ago, refuses one beyond it', () => {
      expect(service.verify(forgeJwt(header(), accessClaims({ exp: now() - 20 }), signWithOurKey())).principal).to.deep.include({ userId: 1 });
      refused(forgeJwt(header(), accessClaims({ exp: now() - 40 }), signWithOurKey()));
    });

    it('refuses a token not yet valid (nbf beyond the tolerance)', () => {
      refused(forgeJwt(header(), accessClaims({ nbf: now() + 120 }), signWithOurKey()));
    });

    it('refuses a token without exp or without jti', () => {
      refused(forgeJwt(header(), accessClaims({ exp: undefined }), signWithOurKey()));
      refused(forgeJwt(header(), accessClaims({ jti: undefined }), signWithOurKey()));
    });

    it('refuses another issuer or audience', () => {
      refused(forgeJwt(header(), accessClaims({ iss: 'someone-else' }), signWithOurKey()));
      refused(forgeJwt(header(), accessClaims({ aud: 'another-api' }), signWithOurKey()));
    });

    for (const alg of ['none', 'None', 'nOnE', 'HS256', 'RS512', 'PS256', 'ES256']) {
      it(`refuses alg ${alg} even with a valid RS256 signature attached`, () => {
        refused(forgeJwt(header({ alg }), accessClaims(), signWithOurKey()));
      });
    }

    it('refuses HS256 signed with our public key PEM as the HMAC secret (key confusion)', () => {
      const publicPem = keys.verification[0].publicKey.export({ type: 'spki', format: 'pem' }).toString();
      refused(forgeJwt(header({ alg: 'HS256' }), accessClaims({ role: 'admin' }), hs256(publicPem)));
    });

    it('refuses an unknown kid, a missing kid and a kid that is not a string', () => {
      refused(forgeJwt(header({ kid: 'not-ours' }), accessClaims(), signWithOurKey()));
      refused(forgeJwt({ alg: 'RS256', typ: 'JWT' }, accessClaims(), signWithOurKey()));
      refused(forgeJwt(header({ kid: { $ne: null } }), accessClaims(), signWithOurKey()));
    });

    for (const member of ['jku', 'x5u', 'jwk', 'x5c']) {
      it(`refuses a header carrying ${member}, even when the signature is ours`, () => {
        refused(forgeJwt(header({ [member]: 'https://attacker.example/keys' }), accessClaims(), signWithOurKey()));
      });
    }

    it('refuses a tampered payload', () => {
      const [h, , s] = service.issue({ kind: 'user', userId: 3, role: 'customer' }, 0).token.split('.');
      const payload = Buffer.from(JSON.stringify(accessClaims({ sub: '3', role: 'admin' }))).toString('base64url');
      refused(`${h}.${payload}.${s}`);
    });

    it('refuses claims that mix the two kinds of principal', () => {
      // A "service" token shaped like a user (no scope), a "user" token shaped like a service.
      refused(forgeJwt(header(), accessClaims({ token_use: 'service', sub: '1', role: 'admin' }), signWithOurKey()));
      refused(forgeJwt(header(), accessClaims({ token_use: 'user', sub: 'svc_x', role: undefined, scope: 'users:read' }), signWithOurKey()));
      refused(forgeJwt(header(), accessClaims({ token_use: undefined }), signWithOurKey()));
    });

    it('refuses a user token with an unknown role or a non-numeric subject, and a service token with an unknown scope', () => {
      refused(forgeJwt(header(), accessClaims({ role: 'root' }), signWithOurKey()));
      refused(forgeJwt(header(), accessClaims({ sub: '01' }), signWithOurKey()));
      refused(forgeJwt(header(), accessClaims({ token_use: 'service', sub: 'svc', role: undefined, scope: 'users:read everything' }), signWithOurKey()));
    });

    it('refuses a token signed by another RSA key under our kid', () => {
      const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      refused(forgeJwt(header(), accessClaims(), rs256(stranger)));
    });

    it('refuses garbage', () => {
      for (const token of ['', 'a.b.c', 'not-a-jwt', `${Buffer.from('"x"').toString('base64url')}.e30.`]) refused(token);
    });
  });
});
