/**
 * `npm run clinic -- report`'s arguments, run and output: a heading line, a line per operator
 * (FLAGGED or ok), a line per desk past its offline budget, and last one JSON object with
 * everything (for a script or a spreadsheet). Operators are ids: names are sealed in the registry,
 * which the server cannot open. Exit 1 when an operator or a desk is flagged.
 */
import type pg from 'pg';
import { z } from 'zod';
import { clinicDaysPeriod } from '../src/core/audit/fraud-report.ts';
import { clinicFraudReport, type ClinicFraudReport } from '../src/core/clinic/clinic-fraud-report.ts';
import { ClinicDeskApi } from '../src/core/clinic/desk-api.ts';
import type { OfflineBudget } from '../src/core/clinic-sync/offline-budget.ts';
import { clinicDate } from '../src/core/clinic-time.ts';
import { clinicConfigSchema, DEFAULT_OFFLINE_BUDGET } from '../src/core/config/clinic-config.ts';
import { isTimeZone } from '../src/core/config/kiosk-config.ts';
import { DEFAULT_REPORT_DAYS } from '../src/shared/report-scope.ts';
import { isoDate } from '../src/shared/ipc/common-schemas.ts';
import { VISIT_METHODS } from '../src/shared/visit-view.ts';

export const REPORT_USAGE = `  report        [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--time-zone ZONE]
                [--budget-hours N] [--budget-decisions N]
                the anti-fraud report over every desk: a line per doctor (FLAGGED when far above
                the clinic's code-or-override share), a line per desk past its offline budget
                (default ${DEFAULT_OFFLINE_BUDGET.hours} h or ${DEFAULT_OFFLINE_BUDGET.decisions} decisions), last one JSON object; whole days
                in ZONE (default: this machine's), the last ${DEFAULT_REPORT_DAYS} days unless told; exit 1
                when anything is flagged`;

export const REPORT_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  'time-zone': { type: 'string' },
  'budget-hours': { type: 'string' },
  'budget-decisions': { type: 'string' },
} as const;

/** A number typed on the command line, held to the configuration's own limits. */
function wholeNumber(limits: z.ZodNumber) {
  return z.string().regex(/^\d+$/, 'a whole number').transform(Number).pipe(limits);
}

const budgetLimits = clinicConfigSchema.shape.offlineBudget.unwrap().shape;

export const reportArgs = {
  from: isoDate.optional(),
  to: isoDate.optional(),
  'time-zone': z
    .string()
    .refine(isTimeZone, 'an IANA time zone such as "Asia/Almaty"')
    .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  'budget-hours': wholeNumber(budgetLimits.hours).optional(),
  'budget-decisions': wholeNumber(budgetLimits.decisions).optional(),
};

/** Both dates given: in order (checked with the rest of the arguments, before connecting). */
export function periodInOrder(a: { from?: string | undefined; to?: string | undefined }): boolean {
  return a.from === undefined || a.to === undefined || a.from <= a.to;
}

interface RunArgs {
  from?: string | undefined;
  to?: string | undefined;
  'time-zone': string;
  'budget-hours'?: number | undefined;
  'budget-decisions'?: number | undefined;
}

/** The date `days` before `date` (both YYYY-MM-DD). */
function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

export async function runReport(client: pg.ClientBase, args: RunArgs): Promise<number> {
  const timeZone = args['time-zone'];
  const to = args.to ?? clinicDate(new Date(), timeZone);
  const from = args.from ?? daysBefore(to, DEFAULT_REPORT_DAYS - 1);
  if (from > to) {
    console.error(`--from ${from} is after --to ${to}`);
    return 2;
  }
  const budget = {
    hours: args['budget-hours'] ?? DEFAULT_OFFLINE_BUDGET.hours,
    decisions: args['budget-decisions'] ?? DEFAULT_OFFLINE_BUDGET.decisions,
  };
  // IT's superuser session: api.fraud_counts lets a superuser in without being a desk.
  const report = await clinicFraudReport(
    new ClinicDeskApi(client),
    clinicDaysPeriod(from, to, timeZone),
    budget,
  );
  const { lines, flagged } = clinicReportLines(report, { from, to, timeZone }, budget);
  for (const line of lines) console.log(line);
  return flagged ? 1 : 0;
}

export interface ReportDays {
  from: string;
  to: string;
  timeZone: string;
}

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

/** The flagged slip days, " (2026-11-22: 40 of 40 by slip)", or nothing when only the period's share is. */
function slipDaysText(days: ClinicFraudReport['operators'][number]['slipDays']): string {
  const flagged = days.filter((d) => d.flagged).map((d) => `${d.day}: ${d.slips} of ${d.visits} by slip`);
  return flagged.length === 0 ? '' : ` (${flagged.join(', ')})`;
}

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
        `${noMatch}, ${o.codeFailures} failed codes, ${o.refusals} photo refusals` +
        (o.slipFlagged ? `; past the slip ceilings${slipDaysText(o.slipDays)}` : ''),
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
