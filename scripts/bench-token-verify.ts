/**
 * Cost of verifying one access token (what the authenticate middleware does on every request):
 * RS256 signature check with a 2048-bit key, header checks, kid lookup, claims. Also the cost of
 * issuing one, and of the pieces, so a regression can be placed.
 *
 *   npx tsx scripts/bench-token-verify.ts [--tokens 2000] [--rounds 5]
 */
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { JwtAccessTokenService } from '../src/infra/security/jwt/jwt-access-token.service';
import { loadKeyMaterial } from '../src/infra/security/jwt/key-material';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

/** Median over rounds of the mean time per operation, in microseconds. */
function measure(rounds: number, count: number, operation: (i: number) => void): number {
  const perOp: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) operation(i);
    perOp.push(Number(process.hrtime.bigint() - start) / 1000 / count);
  }
  return perOp.sort((a, b) => a - b)[Math.floor(perOp.length / 2)];
}

function main(): void {
  const count = option('tokens', 2000);
  const rounds = option('rounds', 5);
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const keys = loadKeyMaterial({ privateKeyPem: pem });
  const service = new JwtAccessTokenService(keys, { issuer: 'fincore', audience: 'fincore-api', ttlSeconds: 900 });
  const tokens = Array.from({ length: count }, (_, i) =>
    i % 2 === 0 ? service.issue({ kind: 'user', userId: i + 1, role: 'customer' }, 0).token : service.issue({ kind: 'service', clientId: `svc_${i}`, scopes: ['users:read', 'accounts:read'] }, 0).token,
  );
  // Warm-up: let the JIT settle before anything is timed.
  for (const token of tokens.slice(0, 200)) service.verify(token);

  const verify = measure(rounds, count, (i) => service.verify(tokens[i]));
  const signatureOnly = measure(rounds, count, (i) => jwt.verify(tokens[i], keys.verification[0].publicKey, { algorithms: ['RS256'] }));
  const refused = measure(rounds, count, (i) => {
    try {
      service.verify(`${tokens[i].slice(0, -4)}AAAA`);
    } catch {
      // expected: a bad signature
    }
  });
  const issue = measure(rounds, Math.min(count, 500), (i) => service.issue({ kind: 'user', userId: i + 1, role: 'customer' }, 0));

  console.log(`node ${process.version}, RSA 2048, ${count} tokens x ${rounds} rounds (median of rounds)`);
  console.log(`verify (middleware path)        ${verify.toFixed(1)} us/token  (${Math.round(1e6 / verify)} tokens/s on one core)`);
  console.log(`  of which jwt.verify alone     ${signatureOnly.toFixed(1)} us/token`);
  console.log(`verify of a forged signature    ${refused.toFixed(1)} us/token`);
  console.log(`issue                           ${issue.toFixed(1)} us/token`);
}

main();
