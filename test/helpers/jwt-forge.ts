import { type KeyObject, createHmac, createPrivateKey, createPublicKey, randomUUID, sign } from 'node:crypto';
import { rsaThumbprint } from '../../src/infra/security/jwt/key-material';

/**
 * Hand-made JWTs for attack tests: any header, any payload, any signature, without a library
 * refusing to produce the malformed ones.
 */
export type Signer = (signingInput: string) => string;

const part = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export function forgeJwt(header: Record<string, unknown>, payload: Record<string, unknown>, signer: Signer = () => ''): string {
  const signingInput = `${part(header)}.${part(payload)}`;
  return `${signingInput}.${signer(signingInput)}`;
}

export const rs256 =
  (privateKey: KeyObject): Signer =>
  (input) =>
    sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url');

export const hs256 =
  (secret: string | Buffer): Signer =>
  (input) =>
    createHmac('sha256', secret).update(input).digest('base64url');

/** The signing key the test process gives every app (test/helpers/setup.ts). */
export function testSigningKey(): { privateKey: KeyObject; publicKey: KeyObject; kid: string; publicPem: string } {
  const privateKey = createPrivateKey(String(process.env.JWT_PRIVATE_KEY));
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, kid: rsaThumbprint(publicKey), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Claims of a valid user access token of the default test settings; override any of them. */
export function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    token_use: 'user',
    role: 'customer',
    iss: 'fincore',
    aud: 'fincore-api',
    sub: '1',
    iat: now,
    exp: now + 900,
    jti: randomUUID(),
    sv: 0,
    ...overrides,
  };
}
