/**
 * Registry ops, written in the same transaction as the change they describe. The services call a
 * `ClinicOutbox` at the one place each registry write happens; on a single desk they have none and
 * nothing is written. In clinic mode the op is built at once from the row just written (opened
 * with the desk's keys, sealed under the clinic's: nothing plain is kept in the outbox) and gets a
 * UUIDv7, so a crash after the commit pushes the same op again and the clinic answers it once.
 *
 * Rows pulled from the clinic are written by the puller through the repositories, never through
 * the services, so they make no ops: a pulled row is not pushed back.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { RegistryOp } from '../clinic/protocol.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import { clinicIinLookup, sealRecord, type ClinicKeys } from './clinic-seal.ts';
import {
  binding,
  consentToContent,
  openDeskTemplate,
  operatorToContent,
  patientToContent,
  representativeToContent,
  type DeskSealKeys,
} from './registry-records.ts';
import { uuidv7 } from './uuidv7.ts';

/** What the services tell the clinic sync, inside their write transaction. */
export interface ClinicOutbox {
  /** A patient registered, or a field of theirs changed (the remembered language). */
  patientSaved(tx: Tx, patientId: string): void;
  representativeLinked(tx: Tx, patientId: string, representativeId: string): void;
  representativeUnlinked(tx: Tx, patientId: string, representativeId: string): void;
  consentRecorded(tx: Tx, consentId: string): void;
  consentWithdrawn(tx: Tx, consentId: string): void;
  /** After the template row (with its clinic id) is written. */
  templateSaved(tx: Tx, patientId: string, modelId: string, modelVersion: string): void;
  /** Before the patient's templates are deleted: their clinic ids are read from the rows. */
  templatesDeleting(tx: Tx, patientId: string): void;
  /** An account created, locked or unlocked. */
  operatorSaved(tx: Tx, operatorId: string): void;
  /** The same face under two patients, found when one's template was pulled (cross-desk-duplicates.ts). */
  faceDuplicate(tx: Tx, patientId: string, otherPatientId: string): void;
}

/**
 * The pair in the one order both desks use, so the clinic keeps one flag however many report it.
 */
export function duplicatePair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** The key of the row an op is about (clinic_op.entity). */
export const entityOf = {
  patient: (id: string) => `patient:${id}`,
  representative: (patientId: string, representativeId: string) =>
    `representative:${patientId}:${representativeId}`,
  consent: (id: string) => `consent:${id}`,
  template: (clinicId: string) => `template:${clinicId}`,
  operator: (id: string) => `operator:${id}`,
  duplicate: (patientId: string, otherPatientId: string) =>
    `duplicate:${duplicatePair(patientId, otherPatientId).join(':')}`,
};

type OpBody = RegistryOp extends infer O ? (O extends RegistryOp ? Omit<O, 'opId'> : never) : never;

export interface RegistryOutboxDeps {
  store: DeskStore;
  deskKeys: DeskSealKeys;
  clinicKeys: ClinicKeys;
  clock: Clock;
}

export class RegistryOutbox implements ClinicOutbox {
  readonly #deps: RegistryOutboxDeps;

  constructor(deps: RegistryOutboxDeps) {
    this.#deps = deps;
  }

  #add(tx: Tx, entity: string, body: OpBody): void {
    const op = { opId: uuidv7(), ...body } as RegistryOp;
    this.#deps.store.rows.clinicOps.add(tx, {
      op_id: op.opId,
      kind: op.kind,
      entity,
      payload: JSON.stringify(op),
      created_at: this.#deps.clock.now().toISOString(),
    });
  }

  #missing(what: string): Error {
    return new Error(`clinic outbox: ${what} is not in the desk's database inside its own transaction`);
  }

  patientSaved(tx: Tx, patientId: string): void {
    const { store, deskKeys, clinicKeys } = this.#deps;
    const row = store.rows.patients.byId(patientId);
    if (!row) throw this.#missing(`patient ${patientId}`);
    const content = patientToContent(row, deskKeys);
    this.#add(tx, entityOf.patient(patientId), {
      kind: 'patient.upsert',
      id: patientId,
      iinLookup: clinicIinLookup(clinicKeys, content.iin),
      sealed: sealRecord(clinicKeys, binding.patient(patientId), content),
    });
  }

  representativeLinked(tx: Tx, patientId: string, representativeId: string): void {
    const row = this.#deps.store.rows.representatives
      .of(patientId)
      .find((r) => r.representative_id === representativeId);
    if (!row) throw this.#missing(`the link ${patientId} ← ${representativeId}`);
    this.#add(tx, entityOf.representative(patientId, representativeId), {
      kind: 'representative.link',
      patientId,
      representativeId,
      sealed: sealRecord(
        this.#deps.clinicKeys,
        binding.representative(patientId, representativeId),
        representativeToContent(row),
      ),
    });
  }

  representativeUnlinked(tx: Tx, patientId: string, representativeId: string): void {
    this.#add(tx, entityOf.representative(patientId, representativeId), {
      kind: 'representative.unlink',
      patientId,
      representativeId,
    });
  }

  consentRecorded(tx: Tx, consentId: string): void {
    const row = this.#deps.store.rows.consents.byId(consentId);
    if (!row) throw this.#missing(`consent ${consentId}`);
    this.#add(tx, entityOf.consent(consentId), {
      kind: 'consent.record',
      id: consentId,
      patientId: row.patient_id,
      sealed: sealRecord(
        this.#deps.clinicKeys,
        binding.consent(consentId, row.patient_id),
        consentToContent(row),
      ),
    });
  }

  consentWithdrawn(tx: Tx, consentId: string): void {
    this.#add(tx, entityOf.consent(consentId), { kind: 'consent.withdraw', id: consentId });
  }

  templateSaved(tx: Tx, patientId: string, modelId: string, modelVersion: string): void {
    const { store, deskKeys, clinicKeys, clock } = this.#deps;
    const row = store.rows.templates.find(patientId, modelId, modelVersion);
    if (!row?.clinic_id) throw this.#missing(`the template of ${patientId} with its clinic id`);
    const plain = openDeskTemplate(deskKeys, row);
    try {
      this.#add(tx, entityOf.template(row.clinic_id), {
        kind: 'template.enrol',
        id: row.clinic_id,
        patientId,
        modelId,
        modelVersion,
        sealed: sealRecord(clinicKeys, binding.template(row.clinic_id, patientId, modelId, modelVersion), {
          descriptors: plain.toString('base64'),
          createdAt: clock.now().toISOString(),
        }),
      });
    } finally {
      plain.fill(0);
    }
  }

  templatesDeleting(tx: Tx, patientId: string): void {
    for (const id of this.#deps.store.rows.templates.clinicIdsOf(patientId))
      this.#add(tx, entityOf.template(id), { kind: 'template.revoke', id });
  }

  operatorSaved(tx: Tx, operatorId: string): void {
    const row = this.#deps.store.rows.operators.byId(operatorId);
    if (!row) throw this.#missing(`operator ${operatorId}`);
    this.#add(tx, entityOf.operator(operatorId), {
      kind: 'operator.upsert',
      id: operatorId,
      sealed: sealRecord(this.#deps.clinicKeys, binding.operator(operatorId), operatorToContent(row)),
    });
  }

  /** The same face under these two patients, found when a template of the other was pulled. */
  faceDuplicate(tx: Tx, patientId: string, otherPatientId: string): void {
    const [first, second] = duplicatePair(patientId, otherPatientId);
    this.#add(tx, entityOf.duplicate(first, second), {
      kind: 'face.duplicate',
      patientId: first,
      otherPatientId: second,
    });
  }

  /**
   * A desk that already holds a registry when it joins a clinic: one op per row it has (operators,
   * patients, links, consents, templates, in an order the clinic's references allow), so the clinic
   * and the other desks get what was made before. Call once, when the desk joins, before its first
   * push; it does nothing (returns 0) on a desk that has written ops already.
   */
  enqueueExisting(tx: Tx): number {
    const { clinicOps, clinicRegistry: registry } = this.#deps.store.rows;
    if (clinicOps.pendingCount() > 0 || clinicOps.anySettled()) return 0;
    for (const id of registry.operatorIds()) this.operatorSaved(tx, id);
    for (const id of registry.patientIds()) this.patientSaved(tx, id);
    for (const link of registry.allLinks())
      this.representativeLinked(tx, link.patientId, link.representativeId);
    for (const consent of registry.allConsents()) {
      this.consentRecorded(tx, consent.id);
      if (consent.withdrawn) this.consentWithdrawn(tx, consent.id);
    }
    for (const t of registry.allTemplates(tx, randomUUID))
      this.templateSaved(tx, t.patientId, t.modelId, t.modelVersion);
    return clinicOps.pendingCount();
  }
}
