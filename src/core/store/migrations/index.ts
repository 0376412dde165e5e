/**
 * The schema, in order. Append only: a shipped migration is never edited, because databases in
 * clinics already carry its version number in PRAGMA user_version.
 */
import type { Migration } from '../migrate.ts';
import { patients } from './001-patients.ts';
import { faceTemplates } from './002-face-templates.ts';
import { auditAndVisits } from './003-audit-and-visits.ts';
import { operatorsAndConsent } from './004-operators-and-consent.ts';
import { auditRetention } from './005-audit-retention.ts';
import { identificationCodes } from './006-identification-codes.ts';
import { notificationOutbox } from './007-notification-outbox.ts';
import { visitSessions } from './008-visit-sessions.ts';
import { keyCheck } from './009-key-check.ts';
import { patientLanguageList } from './010-patient-language-list.ts';
import { decisionsAndVisits } from './011-decisions-and-visits.ts';
import { clinicEvidence } from './012-clinic-evidence.ts';
import { clinicRegistry } from './013-clinic-registry.ts';
import { codesOwnSecret } from './014-codes-own-secret.ts';
import { interruptedVisits } from './015-interrupted-visits.ts';
import { evidenceAppendOnly } from './016-evidence-append-only.ts';
import { timedLockout } from './017-timed-lockout.ts';
import { signInThrottle } from './018-sign-in-throttle.ts';
import { decisionsByTime } from './019-decisions-by-time.ts';

export const MIGRATIONS: readonly Migration[] = [
  patients,
  faceTemplates,
  auditAndVisits,
  operatorsAndConsent,
  auditRetention,
  identificationCodes,
  notificationOutbox,
  visitSessions,
  keyCheck,
  patientLanguageList,
  decisionsAndVisits,
  clinicEvidence,
  clinicRegistry,
  codesOwnSecret,
  interruptedVisits,
  evidenceAppendOnly,
  timedLockout,
  signInThrottle,
  decisionsByTime,
];
