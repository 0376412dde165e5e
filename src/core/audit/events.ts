/**
 * What an audit row may contain, checked with a strict schema before anything is written: no
 * unknown field, identifiers in a narrow format, numbers only where a face was used. There is no
 * free-text field at all, so there is nowhere to put an image, a descriptor, a one-time code or a
 * patient's name.
 */
import { z } from 'zod';
import { LIVENESS_ACTIONS } from '../liveness/config.ts';
import { LIVENESS_REASONS } from '../liveness/types.ts';

/** Events about a patient: they must name the patient (by id). */
const PATIENT_EVENT_NAMES = [
  'patient_registered',
  'representative_linked',
  'representative_unlinked',
  'consent_given',
  'consent_refused',
  'consent_withdrawn',
  'face_match',
  'face_no_match',
  'liveness_passed',
  'liveness_failed',
  'face_path_closed',
  'face_path_locked',
  'code_sent',
  'code_delivery_failed',
  'code_rate_limited',
  'code_verified',
  'code_failed',
  'code_locked',
  'representative_confirmed',
  'slip_accepted',
  'override',
  'enrolment',
  'enrolment_blocked_duplicate',
  'template_deleted',
  'visit_online',
] as const;
/** Events about the system, an operator account, or a visit that may end before a patient is chosen. */
const OTHER_EVENT_NAMES = [
  /**
   * An admin changed the desk's configuration (which keys: in the configuration file's history, not
   * here), with a detail when the e-government gateway was set up, moved, re-keyed or removed.
   */
  'settings_changed',
  /** The face engine crashed or hung and was restarted; the visit on screen was told. */
  'engine_restarted',
  /** The desk's key and configuration were exported for a move / imported on the new PC. */
  'desk_transfer_exported',
  'desk_transfer_imported',
  /** The kiosk window's page crashed and was reopened. */
  'window_restarted',
  'visit_abandoned',
  'visit_timed_out',
  'operator_created',
  'operator_login',
  'operator_login_failed',
  'operator_locked',
  'operator_unlocked',
  'audit_exported',
  'audit_purged',
] as const;

export const AUDIT_EVENTS = [...PATIENT_EVENT_NAMES, ...OTHER_EVENT_NAMES] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

export const IDENTIFICATION_METHODS = ['face', 'code', 'representative', 'slip', 'override'] as const;
export type IdentificationMethod = (typeof IDENTIFICATION_METHODS)[number];

const PATIENT_EVENTS: ReadonlySet<AuditEvent> = new Set<AuditEvent>(PATIENT_EVENT_NAMES);
const FACE_EVENTS: ReadonlySet<AuditEvent> = new Set<AuditEvent>(['face_match', 'face_no_match']);
/** Events that may name the model version (the face was used, or a template made or removed). */
const MODEL_EVENTS: ReadonlySet<AuditEvent> = new Set<AuditEvent>([
  ...FACE_EVENTS,
  'enrolment',
  'enrolment_blocked_duplicate',
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
export const livenessDetailSchema = z
  .object({
    challenge: z.array(z.enum(LIVENESS_ACTIONS)).min(1).max(8),
    reasons: z.array(z.enum(LIVENESS_REASONS)).max(8),
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

export const settingsDetailSchema = z.object({ gateway: z.enum(GATEWAY_CHANGES) }).strict();
export type SettingsDetail = z.output<typeof settingsDetailSchema>;
export type AuditDetail = PurgeDetail | LivenessDetail | SettingsDetail;

const LIVENESS_EVENTS: ReadonlySet<AuditEvent> = new Set<AuditEvent>(['liveness_passed', 'liveness_failed']);

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
    /** The retention purge, the liveness events and a gateway change have a detail; the rest null. */
    detail: z.union([purgeDetailSchema, livenessDetailSchema, settingsDetailSchema]).nullable().default(null),
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
    if (e.event === 'audit_purged') {
      if (e.detail === null || !('cutoff' in e.detail)) problem('audit_purged needs its purge detail');
    } else if (LIVENESS_EVENTS.has(e.event)) {
      if (e.detail === null || !('challenge' in e.detail)) problem(`${e.event} needs the challenge asked`);
      if (e.method !== 'face') problem(`${e.event} needs method "face"`);
    } else if (e.event === 'settings_changed') {
      if (e.detail !== null && !('gateway' in e.detail))
        problem('settings_changed takes only a gateway detail');
    } else if (e.detail !== null) {
      problem('a detail is recorded only for audit_purged, the liveness events and settings_changed');
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
