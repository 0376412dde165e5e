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
 * The printed slip is a bypass of its own, judged against fixed ceilings rather than the clinic:
 * a doctor who is the whole clinic (a one-doctor clinic, or everyone at it doing the same) sets the
 * clinic's share themselves, so a relative test can never flag 40 slips out of 40. The numbers come
 * from the brief: about 10 % of patients refuse the photo, and the slip is only for those of them
 * without a phone (plus minors without a representative and a gateway outage's visits). A doctor
 * seeing 40 patients a day thus has about 4 refusals, and on an ordinary day fewer than that many
 * slips, since most adults have a phone. So, per doctor:
 *  - per clinic day: more than MAX_SLIPS_PER_DAY (5) slips, more than even a full day's refusals
 *    would bring if none of them had a phone; or, on a day of at least MIN_VISITS_TO_FLAG
 *    visits, a slip share above SLIP_SHARE_CEILING (20 %), twice the whole refusal rate;
 *  - over the period: a slip share above SLIP_SHARE_CEILING with at least MIN_VISITS_TO_FLAG visits
 *    (a doctor with four slips in every nine visits stays under both daily tests, not this one).
 * A gateway outage sends every patient without a working phone to the slip and can flag a day for
 * every doctor at once: that is a day for the supervisor to look at, and the desk alerts say why.
 *
 * This file turns counts into the report and nothing else, so the flag rule lives in one place:
 * the counts come from one desk's SQLite (desk-fraud-report.ts) or from every desk at the clinic
 * (clinic/clinic-fraud-report.ts).
 */
import { MAX_SLIPS_PER_DAY, SLIP_SHARE_CEILING } from '../../shared/report-scope.ts';
import { clinicDayStart } from '../clinic-time.ts';
import type { DecisionCounts } from '../visit/decision-rows.ts';

export const MIN_VISITS_TO_FLAG = 10;
export const FLAG_STANDARD_ERRORS = 2;
// The slip ceilings (see the file comment) are defined with the report's shared words, so the
// report screen states the very numbers applied here.
export { MAX_SLIPS_PER_DAY, SLIP_SHARE_CEILING };

/** One clinic day (YYYY-MM-DD) as the instants it runs between, [from, to). */
export interface ClinicDay {
  day: string;
  from: Date;
  to: Date;
}

export interface ReportPeriod {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** The clinic days that make up [from, to), in order: the slips are judged per day. */
  days: readonly ClinicDay[];
}

const nextDate = (date: string): string =>
  new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Whole clinic days, `from` to `to` (YYYY-MM-DD) both included as the screen and the command line
 * say them: from the first day's midnight to the midnight after the last, in the clinic's zone.
 */
export function clinicDaysPeriod(from: string, to: string, timeZone: string): ReportPeriod {
  const days: ClinicDay[] = [];
  for (let day = from; day <= to; day = nextDate(day)) {
    days.push({ day, from: clinicDayStart(day, timeZone), to: clinicDayStart(nextDate(day), timeZone) });
  }
  return { from: clinicDayStart(from, timeZone), to: clinicDayStart(nextDate(to), timeZone), days };
}

/** The days as the count queries take them: [day, from, to] with ISO instants. */
export function dayBounds(period: ReportPeriod): [string, string, string][] {
  return period.days.map((d) => [d.day, d.from.toISOString(), d.to.toISOString()]);
}

/** What the report is computed from: decision counts and consent refusals per operator. */
export interface FraudCounts {
  /** The period as ISO instants, [from, to). */
  from: string;
  to: string;
  decisions: readonly DecisionCounts[];
  refusals: readonly { operatorId: string; count: number }[];
  /** Per operator and clinic day with at least one slip: identified visits and slip visits. */
  slipDays: readonly SlipDayCounts[];
}

export interface SlipDayCounts {
  operatorId: string;
  day: string;
  visits: number;
  slips: number;
}

/** A clinic day on which the operator identified someone by slip, and whether it is flagged. */
export interface SlipDay {
  day: string;
  visits: number;
  slips: number;
  flagged: boolean;
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
  /** Code + override far above the clinic's share. */
  bypassFlagged: boolean;
  /** The days with slips, in order; the slip ceilings judge them. */
  slipDays: SlipDay[];
  /** A slip ceiling is passed: on a day, or over the period. */
  slipFlagged: boolean;
  /** Either of the two: a supervisor should look. */
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

/** True when one day's slips pass a ceiling (see the file comment). */
export function isSlipDayFlagged(slips: number, visits: number): boolean {
  return slips > MAX_SLIPS_PER_DAY || (visits >= MIN_VISITS_TO_FLAG && slips / visits > SLIP_SHARE_CEILING);
}

/** True when the period's slip share passes the ceiling over enough visits. */
export function isSlipShareFlagged(slips: number, visits: number): boolean {
  return visits >= MIN_VISITS_TO_FLAG && slips / visits > SLIP_SHARE_CEILING;
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
  const slipDaysOf = new Map<string, SlipDay[]>();
  for (const d of [...counts.slipDays].sort((x, y) => x.day.localeCompare(y.day))) {
    if (!byOperator.has(d.operatorId)) byOperator.set(d.operatorId, emptyCounts(d.operatorId));
    const days = slipDaysOf.get(d.operatorId) ?? [];
    days.push({ day: d.day, visits: d.visits, slips: d.slips, flagged: isSlipDayFlagged(d.slips, d.visits) });
    slipDaysOf.set(d.operatorId, days);
  }

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
      const bypassFlagged = isFarAbove(bypassShare, c.visits, clinicBypass);
      const slipDays = slipDaysOf.get(c.operatorId) ?? [];
      const slipFlagged = isSlipShareFlagged(c.slip, c.visits) || slipDays.some((d) => d.flagged);
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
        bypassFlagged,
        slipDays,
        slipFlagged,
        flagged: bypassFlagged || slipFlagged,
      };
    });
  return {
    from: counts.from,
    to: counts.to,
    clinic: { visits: clinic.visits, shares: sharesOf(clinic), bypassShare: clinicBypass },
    operators,
  };
}
