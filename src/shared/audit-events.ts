/**
 * The one list of audit events: what the desk's trail can record. Here, in the shared layer, so
 * that the admin screen's texts are typed by it (every event has a text in each language); what a
 * row of each event may carry is the audit module's (core/audit/events.ts).
 */

/** Events about a patient: they must name the patient (by id). */
export const PATIENT_EVENT_NAMES = [
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
  /** Repeated failures locked the face path; the detail says whose rows decided (clinic or desk). */
  'face_path_locked',
  /**
   * Clinic mode: the face path was open for the visit; the detail says whose rows decided. A
   * `desk` scope means the clinic did not answer in time and failures at other desks were not seen.
   */
  'face_path_opened',
  /** The face engine could not run (models missing or altered): the visit went to the code at once. */
  'face_path_unavailable',
  /** In clinic mode with the rate limit's scope (a single desk has only its own rows). */
  'code_sent',
  'code_delivery_failed',
  /** The patient's codes in the last hour reached the limit; the detail says whose rows counted. */
  'code_rate_limited',
  'code_verified',
  'code_failed',
  'code_locked',
  'representative_confirmed',
  'slip_accepted',
  /**
   * A second operator (registrar or admin) signed off a slip visit at the doctor's desk with their
   * own password: the row is theirs (operatorId), its detail names the visit's doctor.
   */
  'slip_signed_off',
  /**
   * A right password typed at a slip sign-off by someone who may not sign it off (a doctor, or the
   * visit's own doctor): refused and recorded under them, so a doctor asking a colleague to vouch
   * leaves a trace; the detail names the visit's doctor and why.
   */
  'slip_sign_off_refused',
  /**
   * Clinic mode online: the code of a slip printed at reception was redeemed at the clinic for this
   * visit (once at the whole clinic); the detail names the slip and the registrar who issued it.
   */
  'slip_redeemed',
  'override',
  'enrolment',
  'enrolment_blocked_duplicate',
  /**
   * Clinic mode: a template pulled from another desk is the same face as one this desk enrolled
   * under another patient, neither desk having seen the other's (cross-desk-duplicates.ts). Both
   * records are flagged, one row each, as for enrolment_blocked_duplicate.
   */
  'duplicate_face_across_desks',
  /** A template made by an older descriptor pipeline was replaced by one of the current pipeline, with the patient's consent. */
  'template_refreshed',
  'template_deleted',
  'visit_online',
  /**
   * Clinic mode: another desk had registered this IIN first (iin_taken), so this desk's record of
   * the person now carries the clinic's patient id; the detail names the id it had before.
   */
  'patient_repointed',
  /**
   * An operator's look-up showed this patient's record (names, birth date, masked IIN); the detail
   * says by which means. Counted for the look-up limit (patients/patient-lookups.ts).
   */
  'patient_viewed',
] as const;
/** Events about the system, an operator account, or a visit that may end before a patient is chosen. */
export const OTHER_EVENT_NAMES = [
  /**
   * An admin changed the desk's configuration: the detail names the keys that changed (never their
   * values), and what happened to the e-government gateway when it was set up, moved, re-keyed or
   * removed.
   */
  'settings_changed',
  /** The desk started: the app's version, the face pipeline and decision rule, single or clinic. */
  'app_started',
  /** The desk's webcam was changed (from which to which, as hashes of the device ids). */
  'camera_changed',
  /** A look-up was refused: the operator had seen as many records as the limit allows for now. */
  'patient_lookup_refused',
  /** The face engine crashed or hung and was restarted; the visit on screen was told. */
  'engine_restarted',
  /** The desk's key and configuration were exported for a move / imported on the new PC. */
  'desk_transfer_exported',
  'desk_transfer_imported',
  /** The kiosk window's page crashed and was reopened. */
  'window_restarted',
  'visit_abandoned',
  'visit_timed_out',
  /** Open when the desk stopped (killed, power cut): closed at the next start, its code voided. */
  'visit_interrupted',
  'operator_created',
  'operator_login',
  'operator_login_failed',
  'operator_locked',
  'operator_unlocked',
  /** The desk ended an operator's session (idle, account locked or removed); the detail says why. */
  'operator_signed_out',
  'audit_exported',
  'audit_purged',
  /** At start the wall clock was behind the desk's time high-water mark, or far past it. */
  'clock_anomaly',
  /** While the kiosk ran, someone moved the wall clock (the desk kept its measured time). */
  'clock_changed',
  /** An admin confirmed the wall clock after an anomaly; the desk's time restarted from it. */
  'clock_confirmed',
  /**
   * Clinic mode: the desk stopped sending its evidence, because its chain no longer holds what the
   * clinic acknowledged or the clinic refused its rows for good; the detail says which.
   */
  'clinic_sync_stopped',
  /** The desk's missing data key or configuration was restored from its transfer file. */
  'desk_recovered',
  /** An admin quit the kiosk (the only way its window closes in production). */
  'kiosk_quit',
  /**
   * The desk started keeping its chain head outside the database (audit/chain-head-file.ts): its
   * first start, or the first start of a version that keeps it. From this row on, a missing head
   * file is a deletion, not an upgrade.
   */
  'chain_head_started',
  /**
   * The decisions and the ended visit of one step of a visit, bound into the chain by their
   * hashes, when that step wrote no audit row of its own that could carry them (a verified code's
   * row is the code service's).
   */
  'visit_records',
  /** The database was restored from a backup (`npm run backup -- restore`); the detail says from where to where. */
  'database_restored',
] as const;

export const AUDIT_EVENTS = [...PATIENT_EVENT_NAMES, ...OTHER_EVENT_NAMES] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];
