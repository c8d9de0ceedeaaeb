import { type KeyObject, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rsaThumbprint } from '../../src/infra/security/jwt/key-material';
import { forgeJwt, rs256 } from './jwt-forge';

export type JwksBehaviour = 'serve' | 'hang' | 'fail' | 'garbage';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const newKey = (): SigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: rsaThumbprint(publicKey), privateKey, publicKey };
};

/**
 * A local OpenID Connect provider for tests: an HTTP server on 127.0.0.1 publishing a JWKS, and
 * ID tokens signed with its own keys. It can rotate keys, hang, fail or answer garbage.
 */
export class OidcStandIn {
  readonly audience = 'fincore-web';
  behaviour: JwksBehaviour = 'serve';
  jwksRequests = 0;
  private keys: SigningKey[] = [newKey()];

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<OidcStandIn> {
    const server = http.createServer();
    const standIn = new OidcStandIn(server);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => standIn.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get issuer(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }

  /** The environment that points fincore at this provider. */
  env(): Record<string, string> {
    return { SSO_ISSUER: this.issuer, SSO_JWKS_URL: this.jwksUrl, SSO_AUDIENCE: this.audience };
  }

  get currentKid(): string {
    return this.keys[0].kid;
  }

  get publicKeyPem(): string {
    return this.keys[0].publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** A new signing key, published alongside the old one (as providers do during rotation). */
  rotateKeys(): void {
    this.keys = [newKey(), ...this.keys];
  }

  /** An ID token signed with the current key; override claims or header, or sign with another key. */
  idToken(claims: Record<string, unknown> = {}, options: { header?: Record<string, unknown>; key?: KeyObject } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: this.issuer, aud: this.audience, sub: 'sso-subject-1', iat: now, exp: now + 300, ...claims };
    const header = { alg: 'RS256', typ: 'JWT', kid: this.currentKid, ...options.header };
    return forgeJwt(header, payload, rs256(options.key ?? this.keys[0].privateKey));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url !== '/jwks') {
      res.writeHead(404).end();
      return;
    }
    this.jwksRequests++;
    if (this.behaviour === 'hang') return;
    if (this.behaviour === 'fail') {
      res.writeHead(500).end('internal error');
      return;
    }
    if (this.behaviour === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"nope": true}');
      return;
    }
    const keys = this.keys.map(({ kid, publicKey }) => ({ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  }
}
