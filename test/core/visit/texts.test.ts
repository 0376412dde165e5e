/** What the patient reads: the masked destination on screen and the code message on their phone. */
import { describe, expect, it } from 'vitest';
import { codeText } from '../../../src/core/codes/code-text.ts';
import { maskPhone } from '../../../src/core/visit/mask-phone.ts';
import { typedCode } from '../../support/typed-errors.ts';

describe('maskPhone', () => {
  it.each([
    ['+77011234567', '+7 7** *** 45 67'],
    ['+77271234512', '+7 7** *** 45 12'],
    ['+380501234567', '+380 5** ** 45 67'],
    ['+4915112345678', '+491 5** *** 56 78'],
    ['garbage', '***'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('hides at least four digits and shows the last four, so the patient recognises their number', () => {
    for (const phone of ['+77011234567', '+380501234567', '+12025550123', '+4915112345678']) {
      const masked = maskPhone(phone);
      expect(masked.split('*').length - 1).toBeGreaterThanOrEqual(4);
      expect(masked.replace(/ /g, '').endsWith(phone.slice(-4))).toBe(true);
    }
  });
});

describe('codeText', () => {
  const base = {
    code: '048213',
    clinic: 'Емхана №5',
    expiresAt: new Date('2026-11-22T09:05:00Z'),
    timeZone: 'Asia/Almaty',
    forRepresentative: false,
  };
  it('says the clinic, the code, until when (clinic time) and not to share it, in each language', () => {
    expect(codeText({ ...base, language: 'ru' })).toBe(
      'Емхана №5: код идентификации 048213. Действует до 14:05. Сообщите его только врачу, никому не передавайте.',
    );
    expect(codeText({ ...base, language: 'en' })).toContain('Valid until 14:05');
    expect(codeText({ ...base, language: 'kk' })).toContain('048213');
    expect(codeText({ ...base, language: 'en', forRepresentative: true })).toContain(
      'for the patient you represent',
    );
  });
  it('refuses a malformed code or zone without echoing it', () => {
    expect(typedCode(() => codeText({ ...base, language: 'en', code: '12345' }))).toBe(
      'INVALID_TEMPLATE_INPUT',
    );
    expect(typedCode(() => codeText({ ...base, language: 'en', timeZone: 'Nowhere/Land' }))).toBe(
      'INVALID_TEMPLATE_INPUT',
    );
  });
});
