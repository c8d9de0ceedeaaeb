import { expect } from 'chai';
import { decodeCursor } from '../../../src/api/http/cursor';
import { presentPage } from '../../../src/api/presenters/page.presenter';
import { Joi } from '../../../src/api/schemas/safe-text.joi';

describe('presentPage', () => {
  it('presents each item and encodes the next key as the cursor its schema reads back', () => {
    const body = presentPage({ items: [1, 2], nextKey: { at: 2 } }, (n) => ({ n }), (key) => key.at);
    expect(body.items).to.deep.equal([{ n: 1 }, { n: 2 }]);
    expect(decodeCursor(body.nextCursor ?? undefined, Joi.number().required())).to.equal(2);
  });

  it('answers a null cursor on the last page', () => {
    expect(presentPage({ items: ['a'], nextKey: null }, (s) => s.toUpperCase(), () => 'unused')).to.deep.equal({ items: ['A'], nextCursor: null });
  });
});
