import { describe, expect, it } from 'vitest';
import { idCheckCharacter, isValidChineseId, isValidMobile } from './identity.js';
import { maskIdNumber } from './personal.js';

describe('isValidChineseId (GB 11643)', () => {
  it('accepts the standard’s own example and numbers whose check character is right', () => {
    expect(isValidChineseId('11010519491231002X')).toBe(true);
    expect(isValidChineseId('620102198001011239')).toBe(true);
    expect(idCheckCharacter('62010219800101123')).toBe('9');
    const first17 = '62010219850312001';
    expect(isValidChineseId(first17 + idCheckCharacter(first17))).toBe(true);
  });

  it('rejects a wrong check character, a lower-case x, a bad date, a future birth, and wrong lengths', () => {
    expect(isValidChineseId('110105194912310021')).toBe(false);
    expect(isValidChineseId('11010519491231002x')).toBe(false);
    const feb30 = '62010219850230001';
    expect(isValidChineseId(feb30 + idCheckCharacter(feb30))).toBe(false);
    const future = '62010230000101001';
    expect(isValidChineseId(future + idCheckCharacter(future))).toBe(false);
    expect(isValidChineseId('11010519491231002')).toBe(false);
    expect(isValidChineseId('110105194912310')).toBe(false);
  });

  it('checks mobile numbers', () => {
    expect(isValidMobile('13912345678')).toBe(true);
    expect(isValidMobile('12912345678')).toBe(false);
    expect(isValidMobile('1391234567')).toBe(false);
  });

  it('masks all but the region and the last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber(null)).toBeNull();
  });
});
