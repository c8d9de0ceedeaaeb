import { expect } from 'chai';
import { maskCpfs, serializeError } from '../../../src/api/middlewares/http-logger';

describe('maskCpfs', () => {
  for (const [input, expected] of [
    ['/v1/users/529.982.247-25', '/v1/users/***.***.*47-25'],
    ['/v1/users/52998224725', '/v1/users/***.***.*47-25'],
    ['/v1/users/529.982247-25/deactivate', '/v1/users/***.***.*47-25/deactivate'],
    ['/v1/accounts?ownerCpf=11144477735&limit=5', '/v1/accounts?ownerCpf=***.***.*77-35&limit=5'],
    ['a=52998224725&b=111.444.777-35', 'a=***.***.*47-25&b=***.***.*77-35'],
  ]) {
    it(`masks ${input}`, () => {
      expect(maskCpfs(input)).to.equal(expected);
    });
  }

  for (const input of ['/v1/accounts/529982247250', '/v1/transactions/1234567890', '/health', '/v1/users?limit=20']) {
    it(`leaves ${input} alone (not 11 digits)`, () => {
      expect(maskCpfs(input)).to.equal(input);
    });
  }
});

describe('serializeError', () => {
  it('masks CPFs quoted in an error message and stack', () => {
    const error = new Error('Key (cpf)=(52998224725) already exists');
    const logged = serializeError(error);
    expect(logged.type).to.equal('Error');
    expect(logged.message).to.equal('Key (cpf)=(***.***.*47-25) already exists');
    expect(logged.stack).to.include('***.***.*47-25').and.not.include('52998224725');
  });
});
