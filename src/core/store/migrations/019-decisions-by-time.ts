/**
 * The anti-fraud report counts decisions by time: the slips per doctor and clinic day join each
 * day's [from, to) to the decisions, which without an index on the time is a full scan per day.
 * Over 200,000 decisions a 30-day report's slip days took 2.3 to 4.0 s without it and 14 to 32 ms
 * with it, on a loaded 2-core machine (`node scripts/bench-fraud-report.ts`, three runs).
 */
import type { Migration } from '../migrate.ts';

export const decisionsByTime: Migration = {
  version: 19,
  name: 'decisions by time',
  sql: `
    CREATE INDEX decision_by_time ON decision (decided_at);
  `,
};
