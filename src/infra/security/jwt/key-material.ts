import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface VerificationKey {
  kid: string;
  publicKey: KeyObject;
}

export interface KeyMaterial {
  signing: SigningKey;
  /** The signing key's public half first, then the older keys still accepted during rotation. */
  verification: VerificationKey[];
}

export interface KeySources {
  privateKeyPem?: string;
  privateKeyFile?: string;
  publicKeysFile?: string;
  /** Where a development key is generated once and kept; undefined = never generate. */
  devKeyDir?: string;
}

const MIN_MODULUS_BITS = 2048;
const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g;

/** RFC 7638 JWK thumbprint of an RSA public key, base64url. */
export function rsaThumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

function assertStrongRsa(key: KeyObject, where: string): void {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MIN_MODULUS_BITS) {
    throw new Error(`${where} must be an RSA key of at least ${MIN_MODULUS_BITS} bits`);
  }
}

function loadOrCreateDevKey(dir: string): string {
  const file = path.join(dir, 'jwt-private.pem');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  fs.mkdirSync(dir, { recursive: true });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  fs.writeFileSync(file, pem, { mode: 0o600 });
  return pem;
}

/** Parses the keys once at start-up into KeyObjects; nothing is parsed per request. */
export function loadKeyMaterial(sources: KeySources): KeyMaterial {
  const pem =
    sources.privateKeyPem?.replace(/\\n/g, '\n') ??
    (sources.privateKeyFile ? fs.readFileSync(sources.privateKeyFile, 'utf8') : undefined) ??
    (sources.devKeyDir ? loadOrCreateDevKey(sources.devKeyDir) : undefined);
  if (!pem) throw new Error('JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required');
  const privateKey = createPrivateKey(pem);
  assertStrongRsa(privateKey, 'JWT private key');
  const publicKey = createPublicKey(privateKey);
  const signing = { kid: rsaThumbprint(publicKey), privateKey };

  const extra = sources.publicKeysFile ? (fs.readFileSync(sources.publicKeysFile, 'utf8').match(PEM_BLOCK) ?? []) : [];
  const older = extra.map((block) => {
    const key = createPublicKey(block);
    assertStrongRsa(key, `A key in JWT_PUBLIC_KEYS_FILE`);
    return { kid: rsaThumbprint(key), publicKey: key };
  });
  const verification = [{ kid: signing.kid, publicKey }, ...older.filter((k) => k.kid !== signing.kid)];
  return { signing, verification };
}
