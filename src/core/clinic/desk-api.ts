/**
 * What a desk calls at the clinic: one method per api function, over a connection opened with the
 * desk's own role (connect.ts). The server's TN SQLSTATEs come back as ClinicError codes; any
 * other failure as CLINIC_FAILED. Every call is one statement, so one transaction: a call that
 * fails changed nothing.
 */
import type pg from 'pg';
import { z } from 'zod';
import { CLINIC_SQLSTATES, ClinicError } from '../../shared/clinic-errors.ts';
import {
  ackSchema,
  deskHeadsSchema,
  duplicatesSchema,
  fraudCountsSchema,
  opOutcomeSchema,
  patientLimitsSchema,
  pullPageSchema,
  pushRefusalSchema,
  recentRejectsSchema,
  rejectsSchema,
  slipDaysSchema,
  openSlipSchema,
  slipIssuedSchema,
  slipRedemptionSchema,
  type Ack,
  type AuditBatch,
  type ChainProblemReport,
  type ClinicDuplicate,
  type ClinicReject,
  type DeskHeads,
  type FraudCountsAnswer,
  type OpOutcome,
  type PatientLimits,
  type PullCursor,
  type PullPage,
  type RecentRejects,
  type RegistryOp,
  type OpenSlip,
  type SlipIssue,
  type SlipRedemption,
} from './protocol.ts';
import type { OfflineBudget, UnsentEvidence } from '../clinic-sync/offline-budget.ts';
import type { SlipDayCounts } from '../audit/fraud-report.ts';

/** Socket errors of Node, and pg's own words for a connection that went away. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const CONNECTION_GONE = /Connection terminated|not queryable|Client was closed/;

/**
 * Maps a pg error to a ClinicError: our SQLSTATEs by code; a lost connection or a server shutting
 * down (SQLSTATE class 08, 57P01-57P03, socket errors) as CLINIC_UNREACHABLE, so the sync knows to
 * go offline and retry rather than to file a failure; the rest CLINIC_FAILED.
 */
export function toClinicError(error: unknown): unknown {
  if (error instanceof ClinicError) return error;
  const sqlstate = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const state = typeof sqlstate === 'string' ? sqlstate : '';
  const ours = CLINIC_SQLSTATES[state];
  if (ours) return new ClinicError(ours, message);
  const gone =
    state.startsWith('08') || ['57P01', '57P02', '57P03'].includes(state) || NETWORK_CODES.has(state);
  if (gone || (state === '' && CONNECTION_GONE.test(message))) {
    return new ClinicError('CLINIC_UNREACHABLE', `the clinic database went away: ${message}`);
  }
  return new ClinicError('CLINIC_FAILED', message);
}

export class ClinicDeskApi {
  readonly #client: pg.ClientBase;

  constructor(client: pg.ClientBase) {
    this.#client = client;
  }

  async #call<S extends z.ZodType>(sql: string, params: unknown[], schema: S): Promise<z.output<S>> {
    let value: unknown;
    try {
      const result = await this.#client.query<{ r: unknown }>(sql, params);
      value = result.rows[0]?.r;
    } catch (error) {
      throw toClinicError(error);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new ClinicError(
        'CLINIC_FAILED',
        `the clinic answered in an unexpected shape: ${parsed.error.message}`,
      );
    }
    return parsed.data;
  }

  /**
   * Stores the batch after the desk's acknowledged head; returns the new head (null: none yet). A
   * gap or a fork is answered, not raised (the clinic keeps the refusal), and thrown here as the
   * same CLINIC_CHAIN_GAP / CLINIC_CHAIN_FORK a raised TN001 / TN002 would be.
   */
  async pushAudit(batch: AuditBatch): Promise<Ack> {
    const answer = await this.#call(
      'SELECT api.push_audit($1::jsonb) AS r',
      [JSON.stringify(batch)],
      z.union([ackSchema, pushRefusalSchema]),
    );
    if (answer !== null && 'refused' in answer) {
      throw new ClinicError(CLINIC_SQLSTATES[answer.refused] ?? 'CLINIC_FAILED', answer.message);
    }
    return answer;
  }

  /** Tells the clinic this desk's start check found its chain without the acknowledged head. */
  async reportChainProblem(report: ChainProblemReport): Promise<void> {
    await this.#call('SELECT api.report_chain_problem($1::jsonb) AS r', [JSON.stringify(report)], z.null());
  }

  /** Applies registry ops in order; one outcome per op, in the same order. */
  pushOps(ops: RegistryOp[]): Promise<OpOutcome[]> {
    return this.#call('SELECT api.push_ops($1::jsonb) AS r', [JSON.stringify(ops)], opOutcomeSchema.array());
  }

  /** Changes after `cursor` (null: from the start), at most `maxRows`; `more` says pull again. */
  pull(cursor: PullCursor | null, maxRows = 500): Promise<PullPage> {
    return this.#call(
      'SELECT api.pull($1::jsonb, $2::integer) AS r',
      [JSON.stringify(cursor), maxRows],
      pullPageSchema,
    );
  }

  heads(): Promise<DeskHeads> {
    return this.#call('SELECT api.heads() AS r', [], deskHeadsSchema);
  }

  /** The other desks' face failures and codes sent for `patientId` after `since` (never the caller's). */
  patientLimits(patientId: string, since: Date): Promise<PatientLimits> {
    return this.#call(
      'SELECT api.patient_limits($1::text, $2::timestamptz) AS r',
      [patientId, since.toISOString()],
      patientLimitsSchema,
    );
  }

  rejects(afterId = 0): Promise<ClinicReject[]> {
    return this.#call('SELECT api.rejects($1::bigint) AS r', [afterId], rejectsSchema);
  }

  /** The newest `maxRows` rejects (1–1,000), newest first, and how many the clinic holds in all. */
  recentRejects(maxRows: number): Promise<RecentRejects> {
    return this.#call('SELECT api.recent_rejects($1::integer) AS r', [maxRows], recentRejectsSchema);
  }

  /** The clinic's open duplicate flags, of every desk, newest first. */
  duplicates(): Promise<ClinicDuplicate[]> {
    return this.#call('SELECT api.duplicates() AS r', [], duplicatesSchema);
  }

  /** Tells the clinic what this desk still holds back (its offline budget, seen from the clinic). */
  async reportBacklog(backlog: UnsentEvidence): Promise<void> {
    await this.#call('SELECT api.report_backlog($1::jsonb) AS r', [JSON.stringify(backlog)], z.null());
  }

  /** Stores a slip issued at this desk (reception); returns when it expires, by the clinic's clock. */
  issueSlip(slip: SlipIssue): Promise<{ expiresAt: string }> {
    return this.#call('SELECT api.issue_slip($1::jsonb) AS r', [JSON.stringify(slip)], slipIssuedSchema);
  }

  /** The patient's newest open reception slip, or null. */
  openSlip(patientId: string): Promise<OpenSlip> {
    return this.#call('SELECT api.open_slip($1::text) AS r', [patientId], openSlipSchema);
  }

  /** Redeems the slip with the typed code's HMAC, once at the whole clinic. */
  redeemSlip(
    slipId: string,
    candidate: string,
    visitId: string,
    operatorId: string,
  ): Promise<SlipRedemption> {
    return this.#call(
      'SELECT api.redeem_slip($1::uuid, $2::text, $3::uuid, $4::text) AS r',
      [slipId, candidate, visitId, operatorId],
      slipRedemptionSchema,
    );
  }

  /** Per operator and clinic day ([day, from, to], ISO instants) with a slip, at every desk. */
  slipDays(days: readonly [string, string, string][]): Promise<SlipDayCounts[]> {
    return this.#call('SELECT api.slip_days($1::jsonb) AS r', [JSON.stringify(days)], slipDaysSchema);
  }

  /** Per operator the decisions of every desk in [from, to) (ISO instants), and every desk's budget. */
  fraudCounts(period: { from: string; to: string }, budget: OfflineBudget): Promise<FraudCountsAnswer> {
    return this.#call(
      'SELECT api.fraud_counts($1::text, $2::text, $3::integer, $4::integer) AS r',
      [period.from, period.to, budget.hours, budget.decisions],
      fraudCountsSchema,
    );
  }
}
