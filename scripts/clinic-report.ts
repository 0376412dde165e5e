/**
 * `npm run clinic -- report`'s output: a heading line, a line per operator (FLAGGED or ok), a line
 * per desk past its offline budget, and last one JSON object with everything (for a script or a
 * spreadsheet). Operators are ids: names are sealed in the registry, which the server cannot open.
 */
import type { ClinicFraudReport } from '../src/core/clinic/clinic-fraud-report.ts';
import type { OfflineBudget } from '../src/core/clinic-sync/offline-budget.ts';
import { VISIT_METHODS } from '../src/shared/visit-view.ts';

export interface ReportDays {
  from: string;
  to: string;
  timeZone: string;
}

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

/** The report's lines; the exit code is the caller's (flagged: anything to look at). */
export function clinicReportLines(
  report: ClinicFraudReport,
  days: ReportDays,
  budget: OfflineBudget,
): { lines: string[]; flagged: boolean } {
  const over = report.desks.filter((d) => d.overBudget !== null);
  const lines = [
    `report ${days.from} to ${days.to} (${days.timeZone}), ${report.desks.length} desks: ` +
      `${report.clinic.visits} identifications, ${percent(report.clinic.bypassShare)} by code or override`,
  ];
  for (const o of report.operators) {
    const methods = VISIT_METHODS.filter((m) => o.shares[m] > 0)
      .map((m) => `${m} ${percent(o.shares[m])}`)
      .join(', ');
    const noMatch = o.noMatchRate === null ? 'no face decisions' : `face no-match ${percent(o.noMatchRate)}`;
    lines.push(
      `${o.flagged ? 'FLAGGED' : 'ok'} operator ${o.operatorId}: ${o.visits} identifications` +
        `${methods === '' ? '' : ` (${methods})`}, ${percent(o.bypassShare)} by code or override; ` +
        `${noMatch}, ${o.codeFailures} failed codes, ${o.refusals} photo refusals`,
    );
  }
  for (const d of over) {
    const why =
      d.overBudget?.reason === 'decisions'
        ? `${d.overBudget.amount} decisions unsent (budget ${budget.decisions})`
        : `${d.overBudget?.amount ?? 0} h behind (budget ${budget.hours} h)`;
    lines.push(
      `OVER BUDGET desk ${d.desk}: ${why}; last contact ${d.lastContactAt ?? 'never'}, ` +
        `acknowledged ${d.headSeq === null ? 'nothing' : `up to row ${d.headSeq}`}`,
    );
  }
  lines.push(JSON.stringify({ days, budget, ...report }));
  return { lines, flagged: over.length > 0 || report.operators.some((o) => o.flagged) };
}
