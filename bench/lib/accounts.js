// Funded accounts for the money cases, opened and credited through fincore's own API (so the
// ledger holds their deposits and the integrity check can balance them).
const crypto = require('node:crypto');
const { call } = require('./http');

const OPENING_DEPOSIT = 1_000_000_000;

async function openFundedAccounts(base, token, ownerCpfs) {
  const ids = [];
  for (const ownerCpf of ownerCpfs) {
    const account = await call(base, 'POST', '/v1/accounts', { token, body: { currency: 'BRL', ownerCpf }, idempotencyKey: crypto.randomUUID() });
    await call(base, 'POST', `/v1/accounts/${account.id}/deposits`, {
      token,
      body: { amount: OPENING_DEPOSIT, currency: 'BRL', source: 'tok_bench' },
      idempotencyKey: crypto.randomUUID(),
    });
    ids.push(account.id);
  }
  return ids;
}

/** fincore's own integrity check: does every account's balance match its entries, do the books balance? */
async function ledgerBalanced(base, token) {
  const report = await call(base, 'GET', '/v1/ledger/integrity', { token });
  return report.balanced === true;
}

module.exports = { openFundedAccounts, ledgerBalanced };
