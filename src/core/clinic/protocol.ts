/**
 * The shapes desks send to the clinic's api functions and get back (docs/CLINIC-PROTOCOL.md).
 * Inputs mirror the desk's own records, so the sync sends what it already holds; results are
 * parsed with zod, so a server of another version fails loudly instead of half-applying.
 */
import { z } from 'zod';
import { CLINIC_FLAG_KINDS, OVER_BUDGET_REASONS } from '../../shared/ipc/clinic-channels.ts';
import type { VisitEndState } from '../../shared/visit-view.ts';
import type { AuditRecord } from '../audit/events.ts';
import type { DecisionRow } from '../visit/decision-rows.ts';

/** An audit row as the desk hashed it, with its link: both hashes as 64 lowercase hex digits. */
export type ClinicAuditRow = AuditRecord & { prevHash: string; hash: string };

/** A decision as the desk's decision table holds it (deskId optional; if given, the caller's). */
export type ClinicDecision = Omit<DecisionRow, 'deskId'> & { deskId?: string };

/** A visit once it has ended (visits are pushed once, when they end). */
export interface ClinicVisit {
  id: string;
  patientId: string | null;
  operatorId: string;
  deskId?: string;
  visitType: 'in-person' | 'online' | null;
  startedAt: string;
  endedAt: string;
  endState: VisitEndState;
  method: string | null;
}

/** One push: audit rows in seq order, with the decisions and visits they record. */
export interface AuditBatch {
  rows: ClinicAuditRow[];
  decisions?: ClinicDecision[];
  visits?: ClinicVisit[];
}

/** `sealed`: base64 of ciphertext under the clinic data key; `iinLookup`: 64 hex digits. */
export type RegistryOp = { opId: string } & (
  | { kind: 'patient.upsert'; id: string; iinLookup: string; sealed: string }
  | { kind: 'representative.link'; patientId: string; representativeId: string; sealed: string }
  | { kind: 'representative.unlink'; patientId: string; representativeId: string }
  | { kind: 'consent.record'; id: string; patientId: string; sealed: string }
  | { kind: 'consent.withdraw'; id: string }
  | {
      kind: 'template.enrol';
      id: string;
      patientId: string;
      modelId: string;
      modelVersion: string;
      sealed: string;
    }
  | { kind: 'template.revoke'; id: string }
  /** The same face under two patients (cross-desk-duplicates.ts): ids in ascending order. */
  | { kind: 'face.duplicate'; patientId: string; otherPatientId: string }
  | { kind: 'operator.upsert'; id: string; sealed: string }
);

export const REJECT_REASONS = [
  'invalid_op',
  'unknown_kind',
  'unknown_patient',
  'not_found',
  'exists',
  'iin_taken',
] as const;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const ackSchema = z
  .object({ seq: z.int().min(1), hash: hex64 })
  .strict()
  .nullable();
export type Ack = z.output<typeof ackSchema>;

/**
 * api.push_audit's other answer: the batch refused as a gap (TN001) or a fork (TN002), stored
 * nowhere, while the refusal itself is kept at the clinic for `clinic verify` (migration 010).
 */
export const pushRefusalSchema = z
  .object({ refused: z.enum(['TN001', 'TN002']), message: z.string() })
  .strict();

/** What a desk's start check found and tells the clinic (api.report_chain_problem). */
export interface ChainProblemReport {
  problem: 'behind' | 'forked' | 'missing' | 'clinic-lost';
  ackedSeq: number;
  localSeq: number;
}

export const opOutcomeSchema = z.union([
  z.object({
    opId: z.uuid(),
    outcome: z.literal('applied'),
    version: z.int().optional(),
    repeated: z.literal(true).optional(),
  }),
  z.object({
    opId: z.uuid(),
    outcome: z.literal('rejected'),
    reason: z.enum(REJECT_REASONS),
    existingPatientId: z.uuid().optional(),
    repeated: z.literal(true).optional(),
  }),
]);
export type OpOutcome = z.output<typeof opOutcomeSchema>;

/** Opaque to the server: xid8 as a decimal string and the change id. Keep it as received. */
export const pullCursorSchema = z.object({ xid: z.string().regex(/^\d+$/), id: z.int() }).strict();
export type PullCursor = z.output<typeof pullCursorSchema>;

export const CHANGE_KINDS = ['patient', 'representative', 'consent', 'template', 'operator'] as const;

export const pullPageSchema = z.object({
  changes: z.array(
    z.object({
      id: z.int(),
      xid: z.string(),
      kind: z.enum(CHANGE_KINDS),
      /** The desk whose op made the change (a desk skips its own). */
      desk: z.string(),
      at: z.string(),
      payload: z.record(z.string(), z.unknown()),
    }),
  ),
  cursor: pullCursorSchema.nullable(),
  more: z.boolean(),
});
export type PullPage = z.output<typeof pullPageSchema>;

export const deskHeadsSchema = z.object({
  self: z.string(),
  desks: z.array(
    z.object({
      desk: z.string(),
      lastContactAt: z.string().nullable(),
      revoked: z.boolean(),
      head: z.object({ seq: z.int(), hash: hex64 }).nullable(),
      acknowledgedAt: z.string().nullable(),
      /** What the desk last said it holds back (api.report_backlog); null: it never said. */
      unsent: z
        .object({ decisions: z.int().min(0), oldestAt: z.string().nullable(), reportedAt: z.string() })
        .nullable(),
    }),
  ),
});
export type DeskHeads = z.output<typeof deskHeadsSchema>;

export const rejectsSchema = z.array(
  z.object({
    id: z.int(),
    desk: z.string(),
    opId: z.uuid(),
    kind: z.string(),
    reason: z.enum(REJECT_REASONS),
    detail: z.record(z.string(), z.unknown()).nullable(),
    at: z.string(),
  }),
);
export type ClinicReject = z.output<typeof rejectsSchema>[number];

export const recentRejectsSchema = z.object({ total: z.int().min(0), rows: rejectsSchema });
export type RecentRejects = z.output<typeof recentRejectsSchema>;
/** api.duplicates: the open flags, newest first; ids only (the admin's desk names them). */
export const duplicatesSchema = z.array(
  z.object({
    id: z.int(),
    kind: z.enum(CLINIC_FLAG_KINDS),
    desk: z.string(),
    patientId: z.uuid(),
    otherPatientId: z.uuid().nullable(),
    at: z.string(),
  }),
);
export type ClinicDuplicate = z.output<typeof duplicatesSchema>[number];

const count = z.int().min(0);

/** The same counts as the desk's DecisionRows.countsByOperator, over every desk. */
const decisionCountsSchema = z
  .object({
    operatorId: z.string(),
    decisions: count,
    visits: count,
    face: count,
    code: count,
    representative: count,
    slip: count,
    override: count,
    faceDecisions: count,
    faceNoMatches: count,
    codeFailures: count,
  })
  .strict();

/** Why a desk is past its offline budget, as the clinic sees it (the desk's own reasons). */
const overBudgetSchema = z
  .object({ reason: z.enum(OVER_BUDGET_REASONS), amount: count })
  .strict()
  .nullable();

export const fraudCountsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    /** The clinic's time when it counted. */
    at: z.string(),
    decisions: z.array(decisionCountsSchema),
    refusals: z.array(z.object({ operatorId: z.string(), count }).strict()),
    desks: z.array(
      z
        .object({
          desk: z.string(),
          revoked: z.boolean(),
          lastContactAt: z.string().nullable(),
          headSeq: z.int().min(1).nullable(),
          acknowledgedAt: z.string().nullable(),
          /** What the desk last said it holds back; null: it never said. */
          unsent: z
            .object({ decisions: count, oldestAt: z.string().nullable(), reportedAt: z.string() })
            .strict()
            .nullable(),
          overBudget: overBudgetSchema,
        })
        .strict(),
    ),
  })
  .strict();
export type FraudCountsAnswer = z.output<typeof fraudCountsSchema>;

/** Per operator and clinic day with a slip, over every desk (api.slip_days): the desk's slipDaysByOperator. */
export const slipDaysSchema = z.array(
  z.object({ operatorId: z.string(), day: z.iso.date(), visits: count, slips: count }).strict(),
);

/**
 * What the other desks hold about one patient after a time (api.patient_limits): their failed
 * face attempts and the time of the last one (as that desk wrote it), and the codes sent to the
 * patient. Never the caller's own rows: it adds those itself.
 */
export const patientLimitsSchema = z
  .object({
    faceFailures: z.int().min(0),
    lastFaceFailureAt: z.iso.datetime().nullable(),
    codesIssued: z.int().min(0),
  })
  .strict();
export type PatientLimits = z.output<typeof patientLimitsSchema>;

const uuidText = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

/** A reception slip as the issuing desk sends it (api.issue_slip): ids and hex, never the code. */
export interface SlipIssue {
  id: string;
  patientId: string;
  issuedBy: string;
  salt: string;
  codeHash: string;
}

export const slipIssuedSchema = z.object({ expiresAt: z.string() }).strict();

/** The patient's open reception slip (api.open_slip), or null. */
export const openSlipSchema = z
  .object({
    id: uuidText,
    salt: z.string().regex(/^[0-9a-f]{32}$/),
    issuedBy: uuidText,
    expiresAt: z.string(),
  })
  .strict()
  .nullable();
export type OpenSlip = z.output<typeof openSlipSchema>;

/** How a redemption went (api.redeem_slip): decided at the clinic, once. */
export const slipRedemptionSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), patientId: uuidText, issuedBy: uuidText }).strict(),
  z.object({ status: z.literal('wrong'), triesLeft: z.int().min(1) }).strict(),
  z.object({ status: z.enum(['used', 'expired', 'locked']) }).strict(),
]);
export type SlipRedemption = z.output<typeof slipRedemptionSchema>;
