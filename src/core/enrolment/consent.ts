/**
 * Consent to face identification: who consented (the patient, or for a minor under 14 or a legally
 * incapacitated patient, a linked representative), when, for what, and which operator recorded
 * it. Enrolment requires the current record to be "given"; withdrawing it deletes the templates.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { runInTransaction, withStoreErrors } from '../store/transaction.ts';
import type { PatientRegistry } from '../patients/patients.ts';
import type { Representatives } from '../patients/representatives.ts';

export const CONSENT_PURPOSES = ['face_identification'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export type ConsentDecision = 'given' | 'refused';

export interface ConsentInput {
  patientId: string;
  /** Patient id of whoever decided: the patient, or their linked representative. */
  givenBy: string;
  decision: ConsentDecision;
  purpose: ConsentPurpose;
}

export interface Consent extends ConsentInput {
  id: string;
  operatorId: string;
  deskId: string;
  at: string;
  withdrawnAt: string | null;
}

interface Row {
  id: string;
  patient_id: string;
  given_by: string;
  decision: ConsentDecision;
  purpose: ConsentPurpose;
  operator_id: string;
  desk_id: string;
  at: string;
  withdrawn_at: string | null;
}

const fromRow = (r: Row): Consent => ({
  id: r.id,
  patientId: r.patient_id,
  givenBy: r.given_by,
  decision: r.decision,
  purpose: r.purpose,
  operatorId: r.operator_id,
  deskId: r.desk_id,
  at: r.at,
  withdrawnAt: r.withdrawn_at,
});

export interface ConsentDeps {
  db: Database.Database;
  patients: PatientRegistry;
  representatives: Representatives;
  audit: AuditLog;
  clock: Clock;
}

export class ConsentRegistry {
  readonly #deps: ConsentDeps;

  constructor(deps: ConsentDeps) {
    this.#deps = deps;
  }

  record(input: ConsentInput, actor: Actor): Consent {
    const { db, patients, representatives, audit, clock } = this.#deps;
    if (input.decision !== 'given' && input.decision !== 'refused') {
      throw new RegistryError('INVALID_CONSENT', 'A consent decision is "given" or "refused".');
    }
    if (!(CONSENT_PURPOSES as readonly unknown[]).includes(input.purpose)) {
      throw new RegistryError(
        'INVALID_CONSENT',
        `Consent can be recorded for ${CONSENT_PURPOSES.join(', ')}.`,
      );
    }
    const patient = patients.get(input.patientId);
    if (patient.minorUnder14 || patient.legallyIncapacitated) {
      const linked = representatives.of(patient.id).some((r) => r.representativeId === input.givenBy);
      if (!linked) {
        throw new RegistryError(
          'INVALID_CONSENT',
          patient.minorUnder14
            ? 'For a patient under 14, consent is given by a linked parent or legal representative.'
            : 'For a legally incapacitated patient, consent is given by a linked legal representative.',
        );
      }
    } else if (input.givenBy !== patient.id) {
      throw new RegistryError('INVALID_CONSENT', 'An adult patient gives or refuses consent themselves.');
    }
    if (!withStoreErrors(() => db.prepare('SELECT 1 FROM operator WHERE id = ?').get(actor.operatorId))) {
      throw new RegistryError('INVALID_OPERATOR', 'Consent must be recorded by a registered operator.');
    }
    const consent: Consent = {
      ...input,
      id: randomUUID(),
      operatorId: actor.operatorId,
      deskId: actor.deskId,
      at: clock.now().toISOString(),
      withdrawnAt: null,
    };
    runInTransaction(db, () => {
      db.prepare(
        `INSERT INTO consent (id, patient_id, given_by, decision, purpose, operator_id, desk_id, at)
         VALUES (@id, @patientId, @givenBy, @decision, @purpose, @operatorId, @deskId, @at)`,
      ).run(consent);
      audit.append({
        ...actor,
        patientId: patient.id,
        event: input.decision === 'given' ? 'consent_given' : 'consent_refused',
      });
    });
    return consent;
  }

  /** The latest decision for this purpose (withdrawn or not), or null. */
  current(patientId: string, purpose: ConsentPurpose = 'face_identification'): Consent | null {
    const row = withStoreErrors(
      () =>
        this.#deps.db
          .prepare(
            'SELECT * FROM consent WHERE patient_id = ? AND purpose = ? ORDER BY at DESC, rowid DESC LIMIT 1',
          )
          .get(patientId, purpose) as Row | undefined,
    );
    return row ? fromRow(row) : null;
  }

  /** True when the latest decision is "given" and not withdrawn. */
  isGiven(patientId: string, purpose: ConsentPurpose = 'face_identification'): boolean {
    const c = this.current(patientId, purpose);
    return c !== null && c.decision === 'given' && c.withdrawnAt === null;
  }

  /**
   * Marks the current consent withdrawn and audits it. Deleting the templates is the caller's
   * part (Enrolment.withdrawConsent), since the erasing checkpoint must run outside a transaction.
   */
  withdraw(patientId: string, actor: Actor): void {
    const { db, audit, clock } = this.#deps;
    const c = this.current(patientId);
    if (c === null || c.decision !== 'given' || c.withdrawnAt !== null) {
      throw new RegistryError('CONSENT_REQUIRED', 'There is no given consent to withdraw.');
    }
    runInTransaction(db, () => {
      db.prepare('UPDATE consent SET withdrawn_at = ? WHERE id = ?').run(clock.now().toISOString(), c.id);
      audit.append({ ...actor, patientId, event: 'consent_withdrawn' });
    });
  }
}
