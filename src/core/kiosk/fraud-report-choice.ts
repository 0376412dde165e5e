/**
 * Which anti-fraud report the admin's screen shows. A doctor may work at several desks, so only
 * the clinic, which holds every desk's decisions, can judge a doctor: a clinic desk shows the
 * clinic-wide report whenever it reaches the clinic. Offline it shows its own decisions rather
 * than nothing, and says so; a single desk is the whole clinic.
 */
import type { ReportScope } from '../../shared/report-scope.ts';
import { deskFraudReport } from '../audit/desk-fraud-report.ts';
import type { FraudReport, ReportPeriod } from '../audit/fraud-report.ts';
import type { ClinicDeskBudget } from '../clinic/clinic-fraud-report.ts';
import type { ClinicSync } from '../clinic-sync/clinic-sync.ts';
import type { OfflineBudget } from '../clinic-sync/offline-budget.ts';
import type { DeskStore } from '../store/desk-store.ts';

export interface ScopedFraudReport extends FraudReport {
  scope: ReportScope;
  /** Clinic-wide: every desk and its place against the budget; otherwise empty. */
  desks: ClinicDeskBudget[];
}

export async function chooseFraudReport(
  store: DeskStore,
  link: ClinicSync | null,
  budget: OfflineBudget,
  period: ReportPeriod,
): Promise<ScopedFraudReport> {
  if (link === null) return { scope: 'single', ...deskFraudReport(store, period), desks: [] };
  // Offline: not even tried, a connection attempt to an unreachable server only keeps the admin waiting.
  if (link.state() === 'online') {
    try {
      const { at: _at, ...report } = await link.fraudReport(period, budget);
      return { scope: 'clinic', ...report };
    } catch {
      // The clinic went away since the last round: the desk's own report, saying so.
    }
  }
  return { scope: 'desk', ...deskFraudReport(store, period), desks: [] };
}
