/** The anti-fraud report from this desk's own SQLite: a single desk, or a clinic desk offline. */
import type { DeskStore } from '../store/desk-store.ts';
import {
  dayBounds,
  fraudReportOf,
  type FraudCounts,
  type FraudReport,
  type ReportPeriod,
} from './fraud-report.ts';

/** The desk's decision counts, refusals and slip days in the period, read from one snapshot so they agree. */
export function deskFraudCounts(store: DeskStore, period: ReportPeriod): FraudCounts {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  return store.snapshot(() => ({
    from,
    to,
    decisions: store.rows.decisions.countsByOperator(from, to),
    refusals: store.rows.audit.countByOperator('consent_refused', from, to),
    slipDays: store.rows.decisions.slipDaysByOperator(dayBounds(period)),
  }));
}

export function deskFraudReport(store: DeskStore, period: ReportPeriod): FraudReport {
  return fraudReportOf(deskFraudCounts(store, period));
}
