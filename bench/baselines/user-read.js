// The work of fincore's GET /v1/users/{cpf}, written out by hand once and shared by every
// baseline: RS256 verify pinned to the key, issuer and audience; admins read anyone, customers only
// themselves; Redis cache-aside on the CPF; the same SQL as fincore's user repository.
const crypto = require('node:crypto');
const fs = require('node:fs');
const jwt = require('jsonwebtoken');
const { Pool } = require('pg');
const { createClient } = require('redis');

const COLUMNS = 'id, cpf, name, email, password_hash, role, is_active, identity_verified, created_at, updated_at';
const TTL_SECONDS = 3600;

class HttpError extends Error {
  constructor(status, code) {
    super(code);
    this.status = status;
  }
}

async function createUserReader(env = process.env) {
  const publicKey = crypto.createPublicKey(fs.readFileSync(env.BENCH_JWT_KEY_FILE));
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 10 });
  const redis = createClient({ url: env.REDIS_URL });
  await redis.connect();

  function principalOf(authorization) {
    const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
    if (!match) throw new HttpError(401, 'UNAUTHENTICATED');
    try {
      const claims = jwt.verify(match[1], publicKey, { algorithms: ['RS256'], issuer: 'fincore', audience: 'fincore-api', clockTolerance: 30 });
      if (claims.token_use !== 'user' || !/^[1-9]\d{0,9}$/.test(claims.sub)) throw new Error('not a user token');
      return { userId: Number(claims.sub), role: claims.role };
    } catch {
      throw new HttpError(401, 'UNAUTHENTICATED');
    }
  }

  async function byCpf(cpf) {
    const key = `bench:user:cpf:${cpf}`;
    const cached = await redis.get(key);
    if (cached !== null) return JSON.parse(cached);
    const { rows } = await pool.query(`SELECT ${COLUMNS} FROM users WHERE cpf = $1 LIMIT 1`, [cpf]);
    if (!rows.length) throw new HttpError(404, 'USER_NOT_FOUND');
    const user = present(rows[0]);
    await redis.set(key, JSON.stringify(user), { EX: TTL_SECONDS, NX: true });
    return user;
  }

  async function byId(id) {
    const { rows } = await pool.query(`SELECT ${COLUMNS} FROM users WHERE id = $1 LIMIT 1`, [id]);
    if (!rows.length) throw new HttpError(404, 'USER_NOT_FOUND');
    return present(rows[0]);
  }

  /** The response body for GET /v1/users/{cpf}, or an HttpError. */
  async function read(authorization, cpfText) {
    const principal = principalOf(authorization);
    const cpf = parseCpf(cpfText);
    if (principal.role === 'admin') return byCpf(cpf);
    const self = await byId(principal.userId);
    if (self.cpf.replace(/\D/g, '') !== cpf) throw new HttpError(404, 'USER_NOT_FOUND');
    return self;
  }

  return { read, close: () => Promise.all([pool.end(), redis.quit()]) };
}

// The spellings fincore's Cpf accepts: 11 digits, or 529.982.247-25.
function parseCpf(text) {
  if (!/^\d{11}$/.test(text) && !/^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(text)) throw new HttpError(400, 'VALIDATION_FAILED');
  const digits = text.replace(/\D/g, '');
  if (!checkDigitsHold(digits)) throw new HttpError(400, 'VALIDATION_FAILED');
  return digits;
}

function checkDigitsHold(cpf) {
  const digit = (n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Number(cpf[i]) * (n + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return !/^(\d)\1{10}$/.test(cpf) && digit(9) === Number(cpf[9]) && digit(10) === Number(cpf[10]);
}

// Fields listed one by one, as fincore's presenter does.
function present(row) {
  return {
    id: row.id,
    cpf: row.cpf,
    name: row.name,
    email: row.email,
    role: row.role,
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const problem = (error) => ({ type: `urn:fincore:problem:${error.message}`, status: error.status, code: error.message });

module.exports = { createUserReader, HttpError, problem, parseCpf, present };
