/** RFC 4226 Appendix D, through the same function the code service uses. */
import { describe, expect, it } from 'vitest';
import { hotpCode } from '../../../src/core/codes/hotp.ts';

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC_CODES = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
];

describe('hotpCode', () => {
  it.each(RFC_CODES.map((code, counter) => [counter, code] as const))(
    'counter %i gives %s',
    (counter, code) => {
      expect(hotpCode(RFC_SECRET, counter)).toBe(code);
    },
  );

  it('refuses a counter that is not a non-negative safe integer', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53])
      expect(() => hotpCode(RFC_SECRET, bad)).toThrow(RangeError);
  });
});
