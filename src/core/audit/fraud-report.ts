/**
 * The anti-fraud report: per operator (the doctor who decided) and period, how patients were
 * identified. Face identification is the point of Tanu; a doctor who mostly "identifies" by a code
 * or an override is either at a desk with a broken camera or making visits up (the national pilot
 * saw half of all visits bypass the face), and a supervisor should look.
 *
 * Counted from the decision table: every decision is one row, so a face no-match followed by a code
 * is two rows. A "visit" here is an identifying decision (outcome 'identified'); the shares are of those.
 *  - noMatchRate: face decisions that found no match, of all face decisions (null without any);
 *  - refusals: consent_refused rows the operator recorded in the audit trail in the period (rows
 *    already removed by the retention purge are not counted).
 *
 * "Far above the clinic": let p be the clinic's bypass share (code + override, of all identified
 * visits in the period, all operators together) and n an operator's identified visits. The operator
 * is flagged when n ≥ 10 and their bypass share exceeds p + 2·√(p(1−p)/n), i.e. it lies more than
 * two standard errors above what the clinic's rate would give by chance (a one-sided test at about
 * 2.3 %). Fewer than 10 visits say too little to flag anyone.
 *
 * This file turns counts into the report and nothing else, so the flag rule lives in one place:
 * the counts come from one desk's SQLite (desk-fraud-report.ts) or from every desk at the clinic
 * (clinic/clinic-fraud-report.ts).
 */
import { clinicDayStart } from '../clinic-time.ts';
import type { DecisionCounts } from '../visit/decision-rows.ts';

export const MIN_VISITS_TO_FLAG = 10;
export const FLAG_STANDARD_ERRORS = 2;

export interface ReportPeriod {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/**
 * Whole clinic days, `from` to `to` (YYYY-MM-DD) both included as the screen and the command line
 * say them: from the first day's midnight to the midnight after the last, in the clinic's zone.
 */
export function clinicDaysPeriod(from: string, to: string, timeZone: string): ReportPeriod {
  const dayAfter = new Date(Date.parse(`${to}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: clinicDayStart(from, timeZone), to: clinicDayStart(dayAfter, timeZone) };
}

/** What the report is computed from: decision counts and consent refusals per operator. */
export interface FraudCounts {
  /** The period as ISO instants, [from, to). */
  from: string;
  to: string;
  decisions: readonly DecisionCounts[];
  refusals: readonly { operatorId: string; count: number }[];
}

export interface MethodShares {
  face: number;
  code: number;
  representative: number;
  slip: number;
  override: number;
}

export interface OperatorFraudRow {
  operatorId: string;
  /** Identifying decisions. */
  visits: number;
  /** All decisions, including face no-matches and failed codes. */
  decisions: number;
  /** Of `visits`; all 0 when there are none. */
  shares: MethodShares;
  /** Code + override, of `visits`. */
  bypassShare: number;
  faceNoMatches: number;
  noMatchRate: number | null;
  codeFailures: number;
  refusals: number;
  flagged: boolean;
}

export interface FraudReport {
  from: string;
  to: string;
  clinic: { visits: number; shares: MethodShares; bypassShare: number };
  /** Ordered by operator id. */
  operators: OperatorFraudRow[];
}

type Counts = DecisionCounts;

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

function sharesOf(c: Pick<Counts, 'visits' | keyof MethodShares>): MethodShares {
  return {
    face: ratio(c.face, c.visits),
    code: ratio(c.code, c.visits),
    representative: ratio(c.representative, c.visits),
    slip: ratio(c.slip, c.visits),
    override: ratio(c.override, c.visits),
  };
}

/** True when a bypass share over n visits is far above the clinic's p (see the file comment). */
export function isFarAbove(share: number, visits: number, clinicShare: number): boolean {
  if (visits < MIN_VISITS_TO_FLAG) return false;
  const standardError = Math.sqrt((clinicShare * (1 - clinicShare)) / visits);
  return share > clinicShare + FLAG_STANDARD_ERRORS * standardError;
}

function emptyCounts(operatorId: string): Counts {
  return {
    operatorId,
    decisions: 0,
    visits: 0,
    face: 0,
    code: 0,
    representative: 0,
    slip: 0,
    override: 0,
    faceDecisions: 0,
    faceNoMatches: 0,
    codeFailures: 0,
  };
}

export function fraudReportOf(counts: FraudCounts): FraudReport {
  const byOperator = new Map(counts.decisions.map((c) => [c.operatorId, c]));
  for (const r of counts.refusals)
    if (!byOperator.has(r.operatorId)) byOperator.set(r.operatorId, emptyCounts(r.operatorId));
  const refusalsOf = new Map(counts.refusals.map((r) => [r.operatorId, r.count]));

  const clinic = emptyCounts('clinic');
  for (const c of counts.decisions) {
    for (const key of ['visits', 'face', 'code', 'representative', 'slip', 'override'] as const)
      clinic[key] += c[key];
  }
  const clinicBypass = ratio(clinic.code + clinic.override, clinic.visits);

  const operators = [...byOperator.values()]
    .sort((a, b) => a.operatorId.localeCompare(b.operatorId))
    .map((c): OperatorFraudRow => {
      const bypassShare = ratio(c.code + c.override, c.visits);
      return {
        operatorId: c.operatorId,
        visits: c.visits,
        decisions: c.decisions,
        shares: sharesOf(c),
        bypassShare,
        faceNoMatches: c.faceNoMatches,
        noMatchRate: c.faceDecisions === 0 ? null : c.faceNoMatches / c.faceDecisions,
        codeFailures: c.codeFailures,
        refusals: refusalsOf.get(c.operatorId) ?? 0,
        flagged: isFarAbove(bypassShare, c.visits, clinicBypass),
      };
    });
  return {
    from: counts.from,
    to: counts.to,
    clinic: { visits: clinic.visits, shares: sharesOf(clinic), bypassShare: clinicBypass },
    operators,
  };
}
