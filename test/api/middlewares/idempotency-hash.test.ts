import { expect } from 'chai';
import { canonicalJson } from '../../../src/api/middlewares/idempotency';

describe('canonicalJson (the idempotency request hash)', () => {
  it('prints a bigint amount as the JSON integer it was sent as, so a request hashes as it always did', () => {
    expect(canonicalJson({ currency: 'BRL', amount: 300n })).to.equal('{"amount":300,"currency":"BRL"}');
    expect(canonicalJson({ amount: 1_000_000_000_000n })).to.equal(canonicalJson(JSON.parse('{"amount":1000000000000}')));
  });
});
