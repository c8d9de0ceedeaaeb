import { expect } from 'chai';
import type { NextFunction, Request, Response } from 'express';
import { validate } from '../../../src/api/http/validate';
import { HttpProblem } from '../../../src/api/problems/problem';
import { accountIdParams, depositBody } from '../../../src/api/schemas/financial.schemas';

const ACCOUNT_ID = '0b6f1c2e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

/** Only the parts validate() reads. */
const fakeRequest = (parts: { params?: object; body?: object }): Request => parts as unknown as Request;

/** Runs a validator on a request and returns what it passed to next(). */
function run(validator: (req: Request, res: Response, next: NextFunction) => void, req: Request): unknown {
  let passed: unknown = 'next() not called';
  validator(req, {} as Response, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

describe('validate()', () => {
  const depositRequest = validate({ params: accountIdParams, body: depositBody });

  it("hands the action joi's converted values: trimmed, lower-cased, the amount as bigint", () => {
    const req = fakeRequest({ params: { id: ACCOUNT_ID.toUpperCase() }, body: { amount: 300, currency: 'BRL', source: 'tok_ok', description: '  rent ' } });
    expect(run(depositRequest, req)).to.equal(undefined);
    const { params, body } = depositRequest.of(req);
    expect(params).to.deep.equal({ id: ACCOUNT_ID });
    expect(body).to.deep.equal({ amount: 300n, currency: 'BRL', source: 'tok_ok', description: 'rent' });
    // The idempotency hash and the route path read the converted parts on the request itself.
    expect((req.body as { amount: unknown }).amount).to.equal(300n);
  });

  it('reports every failure of every part, one detail per failure, and hands nothing to the action', () => {
    const req = fakeRequest({ params: { id: 'nope' }, body: { amount: 1.5, currency: 'brl', source: 'tok_ok' } });
    const error = run(depositRequest, req);
    expect(error).to.be.instanceOf(HttpProblem);
    expect((error as HttpProblem).errors).to.deep.equal([
      { path: 'params.id', message: 'must be a UUID (8-4-4-4-12 hexadecimal digits)' },
      { path: 'body.amount', message: 'must be a whole number of minor units' },
      { path: 'body.currency', message: 'must be a three-letter ISO 4217 code in capitals' },
    ]);
    expect(() => depositRequest.of(req)).to.throw(/did not run/);
  });

  it('refuses to answer for a request another validator accepted (a defect, a 500)', () => {
    const other = validate({ params: accountIdParams });
    const req = fakeRequest({ params: { id: ACCOUNT_ID } });
    expect(run(other, req)).to.equal(undefined);
    expect(() => depositRequest.of(req)).to.throw(/did not run/);
  });
});
