/**
 * `npm run clinic -- report`'s lines for a doctor past the slip ceilings: FLAGGED, the flagged days
 * named, exit 1; an ordinary doctor's line unchanged. The report itself is fraudReportOf's, from
 * counts as the clinic answers them (test/clinic/clinic-slip-report.test.ts runs them for real).
 */
import { describe, expect, it } from 'vitest';
import { clinicReportLines } from '../../scripts/clinic-report.ts';
import { fraudReportOf } from '../../src/core/audit/fraud-report.ts';
import { DEFAULT_OFFLINE_BUDGET } from '../../src/core/config/clinic-config.ts';

const LONE = '0190a1b2-0000-7000-8000-000000000001';
const OTHER = '0190a1b2-0000-7000-8000-000000000002';
const zero = { representative: 0, override: 0, faceDecisions: 0, faceNoMatches: 0, codeFailures: 0 };

describe('clinic report lines', () => {
  it('says which days a doctor passed the slip ceilings on, and flags the run', () => {
    const report = fraudReportOf({
      from: '2026-11-21T19:00:00.000Z',
      to: '2026-11-22T19:00:00.000Z',
      decisions: [
        { operatorId: LONE, decisions: 40, visits: 40, face: 0, code: 0, slip: 40, ...zero },
        {
          operatorId: OTHER,
          decisions: 40,
          visits: 40,
          face: 39,
          code: 0,
          slip: 1,
          ...zero,
          faceDecisions: 39,
        },
      ],
      refusals: [],
      slipDays: [
        { operatorId: LONE, day: '2026-11-22', visits: 40, slips: 40 },
        { operatorId: OTHER, day: '2026-11-22', visits: 40, slips: 1 },
      ],
    });
    const { lines, flagged } = clinicReportLines(
      { ...report, at: '2026-11-22T19:00:00.000Z', desks: [] },
      { from: '2026-11-22', to: '2026-11-22', timeZone: 'Asia/Almaty' },
      DEFAULT_OFFLINE_BUDGET,
    );
    expect(flagged).toBe(true);
    expect(lines[1]).toBe(
      `FLAGGED operator ${LONE}: 40 identifications (slip 100.0 %), 0.0 % by code or override; ` +
        'no face decisions, 0 failed codes, 0 photo refusals; past the slip ceilings (2026-11-22: 40 of 40 by slip)',
    );
    expect(lines[2]).toBe(
      `ok operator ${OTHER}: 40 identifications (face 97.5 %, slip 2.5 %), 0.0 % by code or override; ` +
        'face no-match 0.0 %, 0 failed codes, 0 photo refusals',
    );
  });
});
