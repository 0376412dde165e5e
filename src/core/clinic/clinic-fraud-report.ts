/**
 * The anti-fraud report over every desk of the clinic: the clinic counts (api.fraud_counts, one
 * snapshot of every desk's decisions and refusals; api.slip_days, the slips per doctor and clinic
 * day), fraud-report.ts turns the counts into shares
 * and flags exactly as it does for one desk, and each desk's place against the offline budget
 * comes along. Used by `npm run clinic -- report` (IT's superuser session) and by a desk's admin
 * screen (the desk's own role). Only ids and counts cross: names are the desk's to add.
 */
import { dayBounds, fraudReportOf, type FraudReport, type ReportPeriod } from '../audit/fraud-report.ts';
import type { OfflineBudget } from '../clinic-sync/offline-budget.ts';
import type { ClinicDeskApi } from './desk-api.ts';
import type { FraudCountsAnswer } from './protocol.ts';

export type ClinicDeskBudget = FraudCountsAnswer['desks'][number];

export interface ClinicFraudReport extends FraudReport {
  /** When the clinic counted (ISO). */
  at: string;
  /** Every desk, by name; `overBudget` set on those past the budget. */
  desks: ClinicDeskBudget[];
}

/** PostgreSQL writes timestamptz in JSON as "…+00:00": the desk's ISO form, for one way of writing time. */
const iso = (value: string): string => new Date(value).toISOString();
const isoOrNull = (value: string | null): string | null => (value === null ? null : iso(value));

export async function clinicFraudReport(
  api: Pick<ClinicDeskApi, 'fraudCounts' | 'slipDays'>,
  period: ReportPeriod,
  budget: OfflineBudget,
): Promise<ClinicFraudReport> {
  const counts = await api.fraudCounts(
    { from: period.from.toISOString(), to: period.to.toISOString() },
    budget,
  );
  // Its own call: a slip decision pushed between the two is in one and not yet in the other, which
  // moves a figure by one for a moment and is right at the next report.
  const slipDays = await api.slipDays(dayBounds(period));
  return {
    ...fraudReportOf({ ...counts, slipDays }),
    at: iso(counts.at),
    desks: counts.desks.map((d) => ({
      ...d,
      lastContactAt: isoOrNull(d.lastContactAt),
      acknowledgedAt: isoOrNull(d.acknowledgedAt),
      unsent:
        d.unsent === null
          ? null
          : { ...d.unsent, oldestAt: isoOrNull(d.unsent.oldestAt), reportedAt: iso(d.unsent.reportedAt) },
    })),
  };
}
