import { expect } from 'chai';
import { hasControlCharacters, hasUnsafeCharacters } from '../../../src/domain/shared/unsafe-text';

describe('unsafe text', () => {
  const control = ['\u0000', '\u0007', '\n', '\u001f', '\u007f', '\u0085', '\u009f', '\ud800', 'a\udc00'];
  const invisibleOrDirection = ['\u00ad', '\u061c', '\u200b', '\u200d', '\u200e', '\u202a', '\u202e', '\u2060', '\u2066', '\u2069', '\ufeff'];
  const safe = ['Ana Silva', 'José Ñandú', '李小龍', 'ana+tag@example.com', '😀', '👨', ''];

  for (const char of control) {
    it(`refuses U+${char.charCodeAt(0).toString(16).padStart(4, '0')} everywhere, secrets included`, () => {
      expect(hasUnsafeCharacters(`x${char}y`)).to.equal(true);
      expect(hasControlCharacters(`x${char}y`)).to.equal(true);
    });
  }

  for (const char of invisibleOrDirection) {
    it(`refuses U+${char.charCodeAt(0).toString(16).padStart(4, '0')} in shown text, allows it in secrets`, () => {
      expect(hasUnsafeCharacters(`x${char}y`)).to.equal(true);
      expect(hasControlCharacters(`x${char}y`)).to.equal(false);
    });
  }

  for (const text of safe) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      expect(hasUnsafeCharacters(text)).to.equal(false);
      expect(hasControlCharacters(text)).to.equal(false);
    });
  }
});
