import { describe, expect, it } from 'vitest';
import { chineseIdCheckChar, isValidChineseId, isValidMobile } from './identity.js';

describe('Chinese ID numbers (GB 11643)', () => {
  it('accepts numbers whose check character is right', () => {
    // The standard's own example and one ending in X.
    expect(isValidChineseId('11010519491231002X')).toBe(true);
    expect(isValidChineseId('620102198001011239')).toBe(true);
    expect(chineseIdCheckChar('62010219800101123')).toBe('9');
  });

  it('refuses a wrong check character, a bad date, a wrong length and a lower-case x', () => {
    expect(isValidChineseId('110105194912310021')).toBe(false);
    expect(isValidChineseId('110105194902300028')).toBe(false);
    expect(isValidChineseId('11010519491231002')).toBe(false);
    expect(isValidChineseId('11010519491231002x')).toBe(false);
    expect(isValidChineseId('110105299912310023')).toBe(false);
  });

  it('checks mobile numbers', () => {
    expect(isValidMobile('13912345678')).toBe(true);
    expect(isValidMobile('12912345678')).toBe(false);
    expect(isValidMobile('1391234567')).toBe(false);
  });
});
