/**
 * A code must reach the patient: only a mobile number in E.164 (or an explicit "none") is taken.
 * Kazakh, Russian and Ukrainian numbers, mobile and landline, checked by libphonenumber-js's full
 * metadata, including the +7 ranges Kazakhstan and Russia share.
 */
import { describe, expect, it } from 'vitest';
import { NO_PHONE, validatePhone } from '../../../src/core/patients/phone.ts';
import { typedCode } from '../../support/typed-errors.ts';

describe('validatePhone', () => {
  it.each([
    ['Kazakh mobile (Kcell 701)', '+77011234567'],
    ['Kazakh mobile (Beeline 777)', '+77771234567'],
    ['Kazakh mobile (Tele2 707)', '+77071234567'],
    ['Russian mobile (MTS 916)', '+79161234567'],
    ['Ukrainian mobile (Vodafone 50)', '+380501234567'],
    ['Ukrainian mobile (Kyivstar 67)', '+380671234567'],
  ])('takes a %s', (_what, phone) => {
    expect(validatePhone(phone)).toBe(phone);
  });

  it('takes an explicit "no phone"', () => {
    expect(validatePhone(NO_PHONE)).toBe(NO_PHONE);
  });

  it.each([
    ['an unallocated +7 range', '+70000000000'],
    ['a Kazakh landline (Astana 7172)', '+77172123456'],
    ['a Kazakh landline (Almaty 727)', '+77272501234'],
    ['a Russian landline (Moscow 495)', '+74951234567'],
    ['a Ukrainian landline (Kyiv 44)', '+380442345678'],
    ['a number too short for its plan', '+7701123456'],
    ['the local 8-prefix form', '87011234567'],
    ['spaces', '+7 701 123 45 67'],
    ['a leading zero country code', '+07011234567'],
    ['an empty string', ''],
    ['not a string', 77011234567],
  ])('refuses %s with INVALID_PHONE', (_what, phone) => {
    expect(typedCode(() => validatePhone(phone))).toBe('INVALID_PHONE');
  });
});
