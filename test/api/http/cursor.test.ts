import { expect } from 'chai';
import Joi from 'joi';
import { decodeCursor, encodeCursor } from '../../../src/api/http/cursor';
import { HttpProblem } from '../../../src/api/problems/problem';

const schema = Joi.number().integer().min(0).required();

describe('cursor', () => {
  it('round-trips a key through an opaque, URL-safe string', () => {
    const cursor = encodeCursor(12345);
    expect(cursor).to.match(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, schema)).to.equal(12345);
  });

  it('round-trips a composite key', () => {
    const key = { createdAt: '2026-01-01T00:00:00.000Z', id: 'a1' };
    expect(decodeCursor(encodeCursor(key), Joi.object({ createdAt: Joi.string().isoDate(), id: Joi.string() }))).to.deep.equal(key);
  });

  it('is undefined when no cursor was sent', () => {
    expect(decodeCursor(undefined, schema)).to.equal(undefined);
  });

  for (const [what, cursor] of [
    ['not base64 JSON', '%%%'],
    ['valid JSON of another shape', encodeCursor({ id: 1 })],
    ['a key the schema refuses', encodeCursor(-1)],
    ['empty', ''],
  ]) {
    it(`refuses a cursor that is ${what} with INVALID_CURSOR`, () => {
      expect(() => decodeCursor(cursor, schema))
        .to.throw(HttpProblem)
        .with.property('code', 'INVALID_CURSOR');
    });
  }
});
