/**
 * What an audit row may contain, checked with a strict schema before anything is written: no
 * unknown field, identifiers in a narrow format, numbers only where a face was used. There is no
 * free-text field at all, so there is nowhere to put an image, a descriptor, a one-time code or a
 * patient's name.
 */
import { z } from 'zod';
import { ENGINE_CANNOT_RUN_CODES } from '../../shared/errors.ts';
import { settingsChange } from '../../shared/ipc/admin-channels.ts';
import { VISIT_METHODS, type VisitMethod } from '../../shared/visit-view.ts';
import { LIVENESS_ACTIONS } from '../liveness/config.ts';
import { LIVENESS_REASONS } from '../liveness/types.ts';
import { AUDIT_EVENTS, PATIENT_EVENT_NAMES, type AuditEvent } from '../../shared/audit-events.ts';

/** The event list is the shared one (the admin screen names each event); re-exported for the core. */
export { AUDIT_EVENTS, type AuditEvent };

/** How a patient was identified: the screens' list (shared/visit-view.ts), recorded on audit rows. */
export const IDENTIFICATION_METHODS = VISIT_METHODS;
export type IdentificationMethod = VisitMethod;

const PATIENT_EVENTS: ReadonlySet<AuditEvent> = new Set<AuditEvent>(PATIENT_EVENT_NAMES);
const FACE_EVENTS: ReadonlySet<AuditEvent> = new Set<AuditEvent>(['face_match', 'face_no_match']);
/** Events that may name the model version (the face was used, or a template made or removed). */
const MODEL_EVENTS: ReadonlySet<AuditEvent> = new Set<AuditEvent>([
  ...FACE_EVENTS,
  'enrolment',
  'enrolment_blocked_duplicate',
  'duplicate_face_across_desks',
  'template_refreshed',
  'template_deleted',
]);

/** Operator ids are UUIDs; 'system' acts for scheduled jobs. */
const operatorId = z.union([z.uuid(), z.literal('system')]);
/** A desk's configured name, e.g. "desk-12": starts with a letter, short. */
const deskId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, 'a desk id like "desk-12"');
const modelVersion = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@/+-]{0,99}$/, 'a model version');
const distance = z.number().finite().min(0).max(4);

/**
 * What a retention purge did, inside its own (hashed) row: the cut-off, how many audit rows and
 * consent records it removed, and the anchor it left (seq 0 and zeros when no audit row was purged
 * yet). Only counts, a time and a hash: still nothing that could hold personal data.
 */
export const purgeDetailSchema = z
  .object({
    cutoff: z.iso.datetime(),
    auditRows: z.int().min(0),
    consents: z.int().min(0),
    anchorSeq: z.int().min(0),
    anchorHash: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits'),
  })
  .strict();
export type PurgeDetail = z.output<typeof purgeDetailSchema>;

/**
 * A liveness check's challenge and, when it failed, why: enumerations only, so the detail can
 * never carry a frame, a landmark or a descriptor. The lists are the liveness module's own.
 */
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');

/**
 * Decision and visit rows written with an audit row, bound to it by the SHA-256 of their content
 * (visit/record-hash.ts): the table rows can then be neither deleted nor edited unseen, since the
 * audit row that names them is in the chain (audit/records-check.ts verifies them).
 */
export const recordsSchema = z
  .object({
    decisions: z
      .array(z.object({ id: z.uuid(), sha256: sha256Hex }).strict())
      .min(1)
      .max(8)
      .optional(),
    visit: z.object({ id: z.uuid(), sha256: sha256Hex }).strict().optional(),
  })
  .strict();
export type RecordsBinding = z.output<typeof recordsSchema>;

/** The detail of an event that has none of its own, when it carries bound records. */
export const recordsDetailSchema = z.object({ records: recordsSchema }).strict();
export type RecordsDetail = z.output<typeof recordsDetailSchema>;

export const livenessDetailSchema = z
  .object({
    challenge: z.array(z.enum(LIVENESS_ACTIONS)).min(1).max(8),
    reasons: z.array(z.enum(LIVENESS_REASONS)).max(8),
    records: recordsSchema.optional(),
  })
  .strict();
export type LivenessDetail = z.output<typeof livenessDetailSchema>;

/**
 * What happened to the gateway in a settings change: named, never the URL or the token. A moved
 * gateway ('url_changed') always came with a new token, since the stored one is not sent to
 * another address.
 */
export const GATEWAY_CHANGES = ['added', 'url_changed', 'token_replaced', 'removed'] as const;
export type GatewayChange = (typeof GATEWAY_CHANGES)[number];

/**
 * The settings an admin may change: the admin screen's keys (one per field of its change) and the
 * clinic database, which joining a clinic sets.
 */
export const SETTINGS_KEYS = [...settingsChange.keyof().options, 'clinicDatabase'] as const;
export type SettingsKey = (typeof SETTINGS_KEYS)[number];

export const settingsDetailSchema = z
  .object({
    keys: z.array(z.enum(SETTINGS_KEYS)).min(1).max(SETTINGS_KEYS.length),
    gateway: z.enum(GATEWAY_CHANGES).optional(),
  })
  .strict();
export type SettingsDetail = z.output<typeof settingsDetailSchema>;

/**
 * A clock event: which way the wall clock was off and by how many whole minutes (signed: + ahead
 * of the desk's time, − behind it), and the two times compared.
 */
export const clockDetailSchema = z
  .object({
    kind: z.enum(['behind', 'ahead', 'changed', 'confirmed']),
    minutes: z.int(),
    wallAt: z.iso.datetime(),
    deskAt: z.iso.datetime(),
  })
  .strict();
export type ClockDetail = z.output<typeof clockDetailSchema>;

/** Why the face path could not run: the engine's own error code. */
export const faceUnavailableDetailSchema = z.object({ engine: z.enum(ENGINE_CANNOT_RUN_CODES) }).strict();
export type FaceUnavailableDetail = z.output<typeof faceUnavailableDetailSchema>;

/** Whether the desk runs alone or with its clinic's database (the clinic sync is open). */
export const DESK_MODES = ['single', 'clinic'] as const;
export type DeskMode = (typeof DESK_MODES)[number];

/**
 * What started: the app's version, the descriptor pipeline templates are made with, the decision
 * rule it decides with (the SHA-256 of its canonical JSON, and its threshold), and the desk's mode.
 */
export const appStartedDetailSchema = z
  .object({
    version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$/, 'a version like "0.1.0"'),
    pipeline: modelVersion,
    rule: sha256Hex,
    threshold: distance,
    mode: z.enum(DESK_MODES),
  })
  .strict();
export type AppStartedDetail = z.output<typeof appStartedDetailSchema>;

/** A webcam by the SHA-256 of its device id; null: the system's default camera. */
export const cameraDetailSchema = z.object({ from: sha256Hex.nullable(), to: sha256Hex.nullable() }).strict();
export type CameraDetail = z.output<typeof cameraDetailSchema>;

/** How an operator found a record: by IIN, by name, or as a patient's representative. */
export const LOOKUP_MEANS = ['iin', 'name', 'representative'] as const;
export type LookupMeans = (typeof LOOKUP_MEANS)[number];
export const lookupDetailSchema = z.object({ means: z.enum(LOOKUP_MEANS) }).strict();
export type LookupDetail = z.output<typeof lookupDetailSchema>;

/** Which account was created or unlocked (the row's operator is who did it). */
export const accountDetailSchema = z.object({ account: z.uuid() }).strict();
export type AccountDetail = z.output<typeof accountDetailSchema>;

/** The id a patient record had before it was re-pointed to the clinic's (iin_taken). */
export const repointDetailSchema = z.object({ previousPatientId: z.uuid() }).strict();
export type RepointDetail = z.output<typeof repointDetailSchema>;

/** Why the clinic sync stopped: `chain-<problem>` (ack-check.ts) or the clinic's refusal code. */
export const clinicStopDetailSchema = z.object({ reason: z.string().regex(/^[A-Za-z_-]{1,40}$/) }).strict();
export type ClinicStopDetail = z.output<typeof clinicStopDetailSchema>;

/**
 * A restore: the chain's newest row in the restored database (0: none), and the head the desk had
 * kept before it (null when its head file was absent or did not open). previousSeq above
 * restoredSeq is a rollback, recorded as one.
 */
export const restoreDetailSchema = z
  .object({ restoredSeq: z.int().min(0), previousSeq: z.int().min(0).nullable() })
  .strict();
export type RestoreDetail = z.output<typeof restoreDetailSchema>;

/**
 * Why the desk ended a session the operator did not end: no action for the configured time, the
 * account locked or gone from the store (at this desk or at the clinic), or someone else signed in.
 */
export const SIGN_OUT_REASONS = ['idle', 'locked', 'removed', 'replaced'] as const;
export type SignOutReason = (typeof SIGN_OUT_REASONS)[number];
export const signOutDetailSchema = z.object({ reason: z.enum(SIGN_OUT_REASONS) }).strict();
export type SignOutDetail = z.output<typeof signOutDetailSchema>;

/**
 * Whose rows decided a limit (the face-path lock, the code rate limit): every desk's at the clinic
 * with this desk's own, or this desk's alone (a single desk, or the clinic did not answer in time).
 */
export const LIMIT_SCOPES = ['clinic', 'desk'] as const;
export type LimitScope = (typeof LIMIT_SCOPES)[number];

/** The scope, and the visit step's bound records when this row carries them (as liveness rows do). */
export const limitScopeDetailSchema = z
  .object({ scope: z.enum(LIMIT_SCOPES), records: recordsSchema.optional() })
  .strict();
export type LimitScopeDetail = z.output<typeof limitScopeDetailSchema>;

/** Who the second operator signed a slip visit off for: the visit's doctor. */
export const slipSignOffDetailSchema = z.object({ doctorId: z.uuid() }).strict();
export type SlipSignOffDetail = z.output<typeof slipSignOffDetailSchema>;

/** Why a second operator with a right password was refused: the visit's own doctor, or a role that may not. */
export const SIGN_OFF_REFUSALS = ['own-visit', 'role'] as const;
export const slipSignOffRefusedDetailSchema = z
  .object({ doctorId: z.uuid(), reason: z.enum(SIGN_OFF_REFUSALS) })
  .strict();
export type SlipSignOffRefusedDetail = z.output<typeof slipSignOffRefusedDetailSchema>;

/** Which reception slip the clinic redeemed for the visit, and the registrar who issued it. */
export const slipRedeemedDetailSchema = z.object({ slipId: z.uuid(), issuedBy: z.uuid() }).strict();
export type SlipRedeemedDetail = z.output<typeof slipRedeemedDetailSchema>;

/** The events that carry a detail, each with its own schema; every other event has none. */
const DETAIL_SCHEMAS: Partial<Record<AuditEvent, z.ZodType>> = {
  audit_purged: purgeDetailSchema,
  liveness_passed: livenessDetailSchema,
  liveness_failed: livenessDetailSchema,
  clock_anomaly: clockDetailSchema,
  clock_changed: clockDetailSchema,
  clock_confirmed: clockDetailSchema,
  face_path_unavailable: faceUnavailableDetailSchema,
  settings_changed: settingsDetailSchema,
  patient_repointed: repointDetailSchema,
  clinic_sync_stopped: clinicStopDetailSchema,
  database_restored: restoreDetailSchema,
  visit_records: recordsDetailSchema,
  operator_signed_out: signOutDetailSchema,
  face_path_locked: limitScopeDetailSchema,
  face_path_opened: limitScopeDetailSchema,
  code_rate_limited: limitScopeDetailSchema,
  code_sent: limitScopeDetailSchema,
  app_started: appStartedDetailSchema,
  camera_changed: cameraDetailSchema,
  patient_viewed: lookupDetailSchema,
  patient_lookup_refused: lookupDetailSchema,
  operator_created: accountDetailSchema,
  operator_unlocked: accountDetailSchema,
  slip_signed_off: slipSignOffDetailSchema,
  slip_sign_off_refused: slipSignOffRefusedDetailSchema,
  slip_redeemed: slipRedeemedDetailSchema,
};
/** Of those, the events whose detail may be absent: a code sent by a single desk (there is no other scope to tell apart). */
const OPTIONAL_DETAIL: ReadonlySet<AuditEvent> = new Set<AuditEvent>(['code_sent']);
export type AuditDetail =
  | PurgeDetail
  | LivenessDetail
  | ClockDetail
  | FaceUnavailableDetail
  | SettingsDetail
  | RepointDetail
  | ClinicStopDetail
  | RestoreDetail
  | RecordsDetail
  | SignOutDetail
  | LimitScopeDetail
  | AppStartedDetail
  | CameraDetail
  | LookupDetail
  | AccountDetail
  | SlipSignOffDetail
  | SlipSignOffRefusedDetail
  | SlipRedeemedDetail;

/** Events of the face path: they name the method "face". */
const FACE_PATH_EVENTS: ReadonlySet<AuditEvent> = new Set<AuditEvent>([
  'liveness_passed',
  'liveness_failed',
  'face_path_unavailable',
  'face_path_opened',
]);

export const auditEntrySchema = z
  .object({
    operatorId,
    deskId,
    patientId: z.uuid().nullable().default(null),
    visitId: z.uuid().nullable().default(null),
    event: z.enum(AUDIT_EVENTS),
    method: z.enum(IDENTIFICATION_METHODS).nullable().default(null),
    distance: distance.nullable().default(null),
    threshold: distance.nullable().default(null),
    modelVersion: modelVersion.nullable().default(null),
    /** Only the events in DETAIL_SCHEMAS have a detail, of their own shape; every other has null. */
    detail: z
      .union([
        purgeDetailSchema,
        livenessDetailSchema,
        clockDetailSchema,
        faceUnavailableDetailSchema,
        settingsDetailSchema,
        repointDetailSchema,
        clinicStopDetailSchema,
        restoreDetailSchema,
        recordsDetailSchema,
        signOutDetailSchema,
        limitScopeDetailSchema,
        appStartedDetailSchema,
        cameraDetailSchema,
        lookupDetailSchema,
        accountDetailSchema,
        slipSignOffDetailSchema,
        slipSignOffRefusedDetailSchema,
        slipRedeemedDetailSchema,
      ])
      .nullable()
      .default(null),
  })
  .strict()
  .superRefine((e, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (PATIENT_EVENTS.has(e.event) && e.patientId === null) problem(`${e.event} must name the patient id`);
    if (FACE_EVENTS.has(e.event)) {
      if (e.method !== 'face') problem(`${e.event} needs method "face"`);
      if (e.distance === null || e.threshold === null || e.modelVersion === null) {
        problem(`${e.event} needs distance, threshold and model version`);
      }
    } else if (e.distance !== null || e.threshold !== null) {
      problem('distance and threshold are recorded only for a face match or no-match');
    }
    if (e.modelVersion !== null && !MODEL_EVENTS.has(e.event)) {
      problem(`${e.event} does not involve a face model`);
    }
    if (FACE_PATH_EVENTS.has(e.event) && e.method !== 'face') problem(`${e.event} needs method "face"`);
    const schema = DETAIL_SCHEMAS[e.event];
    if (schema === undefined) {
      // Bound records are the one detail any event may carry.
      if (e.detail !== null && !recordsDetailSchema.safeParse(e.detail).success) {
        problem(`${e.event} has no detail but bound records`);
      }
    } else if (e.detail === null ? !OPTIONAL_DETAIL.has(e.event) : !schema.safeParse(e.detail).success) {
      problem(`${e.event} needs its own detail`);
    }
  });

/** What a caller passes in; time, sequence number and hash are added by the audit log. */
export type AuditEntryInput = z.input<typeof auditEntrySchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;

/** One stored row, as hashed and exported. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  /** ISO 8601 UTC time of the write. */
  at: string;
}

/**
 * `entry` carrying `records` in its detail, or null when its event's own detail has no room for
 * them (the caller then writes a 'visit_records' row).
 */
export function withRecords(entry: AuditEntryInput, records: RecordsBinding): AuditEntryInput | null {
  const own = DETAIL_SCHEMAS[entry.event];
  if (own === undefined && (entry.detail ?? null) === null) return { ...entry, detail: { records } };
  if ((own === livenessDetailSchema || own === limitScopeDetailSchema) && entry.detail) {
    return { ...entry, detail: { ...entry.detail, records } };
  }
  return null;
}
