// The bench's own PostgreSQL database: created fresh for the run, dropped at the end.
const { Client } = require('pg');
const { onCleanup } = require('./processes');

const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function urlOf(name) {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(work) {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createDatabase() {
  const name = `fincore_bench_${process.pid}`;
  await onServer((c) => c.query(`CREATE DATABASE ${name}`));
  onCleanup(() => onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  return urlOf(name);
}

/** A valid CPF (11 digits) for a number: 9 digits, then the two check digits. */
function cpfOf(n) {
  const base = String(100_000_000 + n).slice(-9);
  const digit = (digits) => {
    const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * (digits.length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  const d1 = digit(base);
  return `${base}${d1}${digit(base + d1)}`;
}

/**
 * Customers written straight into the table (the API would spend minutes hashing), in batches;
 * numbered from `first` so their CPFs never collide with the admin's.
 */
async function seedUsers(url, count, first = 1) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (let start = first; start < first + count; start += 10_000) {
      const cpfs = [];
      for (let n = start; n < Math.min(start + 10_000, first + count); n++) cpfs.push(cpfOf(n));
      await client.query(
        `INSERT INTO users (cpf, name, email, role, created_at, updated_at)
         SELECT cpf, 'Bench User', 'bench.' || cpf || '@example.com', 'customer', now(), now() FROM unnest($1::text[]) AS cpf`,
        [cpfs],
      );
    }
  } finally {
    await client.end();
  }
  return Array.from({ length: count }, (_, i) => cpfOf(first + i));
}

module.exports = { createDatabase, seedUsers, cpfOf };
