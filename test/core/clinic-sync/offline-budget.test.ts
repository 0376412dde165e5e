import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFLINE_BUDGET } from '../../../src/core/config/clinic-config.ts';
import { offlineBudgetVerdict } from '../../../src/core/clinic-sync/offline-budget.ts';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();

describe('the offline budget (default 24 h or 500 decisions)', () => {
  it('is kept while the oldest unsent decision is younger than 24 h and fewer than 500 wait', () => {
    expect(
      offlineBudgetVerdict({ decisions: 499, oldestAt: hoursAgo(23.9) }, DEFAULT_OFFLINE_BUDGET, NOW),
    ).toEqual({
      over: false,
    });
  });

  it('is exceeded at 24 h from the oldest unsent decision', () => {
    expect(
      offlineBudgetVerdict({ decisions: 3, oldestAt: hoursAgo(24) }, DEFAULT_OFFLINE_BUDGET, NOW),
    ).toEqual({
      over: true,
      reason: 'hours',
      hours: 24,
    });
  });

  it('is exceeded at 500 unsent decisions, however recent', () => {
    expect(
      offlineBudgetVerdict({ decisions: 500, oldestAt: hoursAgo(1) }, DEFAULT_OFFLINE_BUDGET, NOW),
    ).toEqual({
      over: true,
      reason: 'decisions',
      decisions: 500,
    });
  });

  it('a desk with nothing to send is not behind, however long since it last reached the clinic', () => {
    expect(offlineBudgetVerdict({ decisions: 0, oldestAt: null }, DEFAULT_OFFLINE_BUDGET, NOW)).toEqual({
      over: false,
    });
  });

  it('follows a configured budget', () => {
    const budget = { hours: 2, decisions: 10 };
    expect(offlineBudgetVerdict({ decisions: 1, oldestAt: hoursAgo(2.5) }, budget, NOW).over).toBe(true);
    expect(offlineBudgetVerdict({ decisions: 10, oldestAt: hoursAgo(0) }, budget, NOW).over).toBe(true);
    expect(offlineBudgetVerdict({ decisions: 9, oldestAt: hoursAgo(1.5) }, budget, NOW).over).toBe(false);
  });
});
