import { expect } from 'chai';
import { Cpf } from '../../../../src/domain/modules/user/cpf.value-object';
import { UserCacheCodec, userCacheKey } from '../../../../src/infra/services/user/user-cache.codec';
import { aUser } from '../../../builders/user.builder';

describe('UserCacheCodec', () => {
  it('round-trips every field but the password hash, which never reaches the cache', () => {
    const user = aUser().withId(12).withPasswordHash('$argon2id$secret').admin().inactive().build();
    const text = UserCacheCodec.encode(user);
    expect(text).to.not.contain('argon2id');
    const back = UserCacheCodec.decode(text)!;
    expect(back.id).to.equal(12);
    expect(back.cpf.value).to.equal(user.cpf.value);
    expect(back.name.value).to.equal(user.name.value);
    expect(back.email.value).to.equal(user.email.value);
    expect(back.role).to.equal('admin');
    expect(back.isActive).to.equal(false);
    expect(back.createdAt.toISOString()).to.equal(user.createdAt.toISOString());
    expect(back.updatedAt.toISOString()).to.equal(user.updatedAt.toISOString());
    expect(back.passwordHash).to.equal(null);
  });

  for (const [text, why] of [
    ['not json', 'not JSON'],
    ['{}', 'missing fields'],
    [JSON.stringify({ id: 1, cpf: '123', name: 'Ana', email: 'a@b.co' }), 'an invalid CPF'],
  ]) {
    it(`decodes ${why} as null, so the caller falls back to the database`, () => {
      expect(UserCacheCodec.decode(text)).to.equal(null);
    });
  }

  it('keys entries by CPF digits', () => {
    expect(userCacheKey(Cpf.parse('529.982.247-25'))).to.equal('user:cpf:52998224725');
  });
});
