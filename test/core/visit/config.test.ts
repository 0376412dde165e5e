/** The visit's code limits are the code service's: one number each, derived, never restated. */
import { describe, expect, it } from 'vitest';
import { CODE_TTL_MS, MAX_WRONG_TRIES } from '../../../src/core/codes/code-policy.ts';
import { DEFAULT_VISIT_CONFIG, parseVisitConfig } from '../../../src/core/visit/config.ts';
import { typedCode } from '../../support/typed-errors.ts';

describe('the visit config and the code service agree', () => {
  it('the code screens last as long as a code, and count the tries the service allows', () => {
    expect(DEFAULT_VISIT_CONFIG.timeoutsMs.codeSent).toBe(CODE_TTL_MS);
    expect(DEFAULT_VISIT_CONFIG.timeoutsMs.codeEntry).toBe(CODE_TTL_MS);
    expect(DEFAULT_VISIT_CONFIG.maxCodeTries).toBe(MAX_WRONG_TRIES);
  });

  it('a config that counts other tries than the service enforces is refused', () => {
    for (const maxCodeTries of [MAX_WRONG_TRIES - 1, MAX_WRONG_TRIES + 1]) {
      expect(typedCode(() => parseVisitConfig({ ...DEFAULT_VISIT_CONFIG, maxCodeTries }))).toBe(
        'INVALID_VISIT_CONFIG',
      );
    }
  });
});
