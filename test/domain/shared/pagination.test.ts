import { expect } from 'chai';
import { pageFrom } from '../../../src/domain/shared/pagination';

const key = (n: number) => n * 10;

describe('pageFrom', () => {
  it('returns every row and no next key when fewer rows than the limit came back', () => {
    expect(pageFrom([1, 2], 3, key)).to.deep.equal({ items: [1, 2], nextKey: null });
  });

  it('returns no next key when exactly `limit` rows came back', () => {
    expect(pageFrom([1, 2, 3], 3, key)).to.deep.equal({ items: [1, 2, 3], nextKey: null });
  });

  it('drops the extra row and keys the next page on the last returned item', () => {
    expect(pageFrom([1, 2, 3, 4], 3, key)).to.deep.equal({ items: [1, 2, 3], nextKey: 30 });
  });

  it('handles an empty list', () => {
    expect(pageFrom([], 5, key)).to.deep.equal({ items: [], nextKey: null });
  });
});
