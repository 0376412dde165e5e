/**
 * Consent to face identification: who consented (the patient, or for a minor under 14 or a legally
 * incapacitated patient, a linked representative), when, for what, and which operator recorded
 * it. Enrolment requires the current record to be "given"; withdrawing it deletes the templates.
 */
import { randomUUID } from 'node:crypto';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import type { ConsentRow } from './consent-rows.ts';
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

const fromRow = (r: ConsentRow): Consent => ({
  id: r.id,
  patientId: r.patient_id,
  givenBy: r.given_by,
  decision: r.decision as ConsentDecision,
  purpose: r.purpose as ConsentPurpose,
  operatorId: r.operator_id,
  deskId: r.desk_id,
  at: r.at,
  withdrawnAt: r.withdrawn_at,
});

export interface ConsentDeps {
  store: DeskStore;
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
    const { store, patients, representatives, audit, clock } = this.#deps;
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
    if (store.rows.operators.byId(actor.operatorId) === null) {
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
    store.write((tx) => {
      store.rows.consents.insert(tx, {
        id: consent.id,
        patient_id: consent.patientId,
        given_by: consent.givenBy,
        decision: consent.decision,
        purpose: consent.purpose,
        operator_id: consent.operatorId,
        desk_id: consent.deskId,
        at: consent.at,
      });
      audit.append(tx, {
        ...actor,
        patientId: patient.id,
        event: input.decision === 'given' ? 'consent_given' : 'consent_refused',
      });
    });
    return consent;
  }

  /** The latest decision for this purpose (withdrawn or not), or null. */
  current(patientId: string, purpose: ConsentPurpose = 'face_identification'): Consent | null {
    const row = this.#deps.store.rows.consents.current(patientId, purpose);
    return row ? fromRow(row) : null;
  }

  /** True when the latest decision is "given" and not withdrawn. */
  isGiven(patientId: string, purpose: ConsentPurpose = 'face_identification'): boolean {
    const c = this.current(patientId, purpose);
    return c !== null && c.decision === 'given' && c.withdrawnAt === null;
  }

  /**
   * Marks the current consent withdrawn and audits it, in the caller's transaction. Deleting the
   * templates is the caller's part (Enrolment.withdrawConsent), in the same transaction; the
   * erasing checkpoint runs after it.
   */
  withdraw(tx: Tx, patientId: string, actor: Actor): void {
    const { store, audit, clock } = this.#deps;
    const c = this.current(patientId);
    if (c === null || c.decision !== 'given' || c.withdrawnAt !== null) {
      throw new RegistryError('CONSENT_REQUIRED', 'There is no given consent to withdraw.');
    }
    store.rows.consents.withdraw(tx, c.id, clock.now().toISOString());
    audit.append(tx, { ...actor, patientId, event: 'consent_withdrawn' });
  }
}
