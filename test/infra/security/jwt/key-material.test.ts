import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { JwtAccessTokenService } from '../../../../src/infra/security/jwt/jwt-access-token.service';
import { loadKeyMaterial, rsaThumbprint } from '../../../../src/infra/security/jwt/key-material';

const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits });
const privatePem = (pair: ReturnType<typeof rsa>) => pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = (pair: ReturnType<typeof rsa>) => pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('key material', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fincore-keys-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('kid is the RFC 7638 thumbprint (the RFC example key)', () => {
    // RFC 7638 section 3.1: this RSA key has the thumbprint NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs.
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    const key = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' });
    expect(rsaThumbprint(key)).to.equal('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('loads a PEM private key; its kid is the thumbprint of its public half, listed first', () => {
    const pair = rsa(2048);
    const keys = loadKeyMaterial({ privateKeyPem: privatePem(pair) });
    expect(keys.signing.kid).to.equal(rsaThumbprint(pair.publicKey));
    expect(keys.verification.map((k) => k.kid)).to.deep.equal([keys.signing.kid]);
  });

  it('accepts a PEM whose line breaks were escaped as \\n (one-line environment variables)', () => {
    const pair = rsa(2048);
    const keys = loadKeyMaterial({ privateKeyPem: privatePem(pair).replace(/\n/g, '\\n') });
    expect(keys.signing.kid).to.equal(rsaThumbprint(pair.publicKey));
  });

  it('reads the key from a file', () => {
    const pair = rsa(2048);
    const file = path.join(dir, 'key.pem');
    fs.writeFileSync(file, privatePem(pair));
    expect(loadKeyMaterial({ privateKeyFile: file }).signing.kid).to.equal(rsaThumbprint(pair.publicKey));
  });

  it('refuses a weak RSA key (1024 bits)', () => {
    expect(() => loadKeyMaterial({ privateKeyPem: privatePem(rsa(1024)) })).to.throw('at least 2048 bits');
  });

  it('refuses a key that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadKeyMaterial({ privateKeyPem: ec })).to.throw('must be an RSA key');
  });

  it('without any key and without a development folder, refuses to start', () => {
    expect(() => loadKeyMaterial({})).to.throw('JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required');
  });

  it('in development, generates a key once, private to the owner, and reuses it on the next start', () => {
    const first = loadKeyMaterial({ devKeyDir: dir });
    const file = path.join(dir, 'jwt-private.pem');
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    expect(loadKeyMaterial({ devKeyDir: dir }).signing.kid).to.equal(first.signing.kid);
  });

  describe('rotation (JWT_PUBLIC_KEYS_FILE)', () => {
    it('adds every older public key of the file to the verification set, after the signing key', () => {
      const current = rsa(2048);
      const [old1, old2] = [rsa(2048), rsa(3072)];
      const file = path.join(dir, 'old.pem');
      fs.writeFileSync(file, `${publicPem(old1)}\n${publicPem(old2)}\n${publicPem(current)}`);
      const keys = loadKeyMaterial({ privateKeyPem: privatePem(current), publicKeysFile: file });
      // The current key appears once even when the file repeats it.
      expect(keys.verification.map((k) => k.kid)).to.deep.equal([rsaThumbprint(current.publicKey), rsaThumbprint(old1.publicKey), rsaThumbprint(old2.publicKey)]);
    });

    it('tokens signed with a rotated-out key still verify; the new ones carry the new kid', () => {
      const options = { issuer: 'fincore', audience: 'fincore-api', ttlSeconds: 60 };
      const old = rsa(2048);
      const oldService = new JwtAccessTokenService(loadKeyMaterial({ privateKeyPem: privatePem(old) }), options);
      const token = oldService.issue({ kind: 'user', userId: 5, role: 'customer' }, 0).token;

      const file = path.join(dir, 'old.pem');
      fs.writeFileSync(file, publicPem(old));
      const rotated = new JwtAccessTokenService(loadKeyMaterial({ privateKeyPem: privatePem(rsa(2048)), publicKeysFile: file }), options);
      expect(rotated.verify(token).principal).to.deep.equal({ kind: 'user', userId: 5, role: 'customer' });
      const fresh = rotated.issue({ kind: 'user', userId: 5, role: 'customer' }, 0).token;
      expect(JSON.parse(Buffer.from(fresh.split('.')[0], 'base64url').toString()).kid).to.not.equal(rsaThumbprint(old.publicKey));
    });

    it('refuses a weak key in the rotation file', () => {
      const file = path.join(dir, 'old.pem');
      fs.writeFileSync(file, publicPem(rsa(1024)));
      expect(() => loadKeyMaterial({ privateKeyPem: privatePem(rsa(2048)), publicKeysFile: file })).to.throw('JWT_PUBLIC_KEYS_FILE');
    });
  });
});
