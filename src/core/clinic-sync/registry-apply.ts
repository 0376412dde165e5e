/**
 * Applies one change pulled from the clinic to the desk's SQLite: opened with the clinic key,
 * sealed again with the desk's own subkeys, written through the repositories (not the services,
 * so it makes no op and is not pushed back). Each change is the row as it was after the change at
 * the clinic; applying it again changes nothing, so a page repeated after a crash is harmless.
 */
import { z } from 'zod';
import type { PullPage } from '../clinic/protocol.ts';
import type { Descriptor } from '../face/descriptor.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import { clinicIinLookup, openRecord, type ClinicKeys } from './clinic-seal.ts';
import { entityOf } from './registry-outbox.ts';
import {
  binding,
  consentContent,
  operatorContent,
  patientContent,
  patientFromContent,
  representativeContent,
  sealDeskTemplate,
  templateContent,
  type DeskSealKeys,
} from './registry-records.ts';

export type PulledChange = PullPage['changes'][number];

/** Told after a page commits, so in-memory views (the 1:N template index) follow the database. */
export type AppliedChange =
  | { kind: 'patient'; id: string }
  | {
      kind: 'template';
      /** The clinic's id of the template. */
      id: string;
      patientId: string;
      modelId: string;
      modelVersion: string;
      descriptors: Descriptor[] | null;
      /** When the enrolling desk made it (its clock); null when revoked. */
      enrolledAt: string | null;
    };

const uuid = z.uuid();
const payloads = {
  patient: z.object({ id: uuid, iinLookup: z.string(), sealed: z.string() }),
  representative: z.object({
    patientId: uuid,
    representativeId: uuid,
    sealed: z.string(),
    unlinked: z.boolean(),
  }),
  consent: z.object({ id: uuid, patientId: uuid, sealed: z.string(), withdrawn: z.boolean() }),
  template: z.object({
    id: uuid,
    patientId: uuid,
    modelId: z.string(),
    modelVersion: z.string(),
    sealed: z.string().nullable(),
    revoked: z.boolean(),
  }),
  operator: z.object({ id: uuid, sealed: z.string() }),
};

/** A change that cannot be applied as it stands; recorded as a pull issue, the pull goes on. */
export class ChangeNotApplied extends Error {}

export interface ApplyContext {
  store: DeskStore;
  deskKeys: DeskSealKeys;
  clinicKeys: ClinicKeys;
}

/** The local row a change is about (clinic_op.entity), for the pending-op check and the issue log. */
export function entityOfChange(change: PulledChange): string {
  const p = change.payload as Record<string, string>;
  switch (change.kind) {
    case 'representative':
      return entityOf.representative(p.patientId ?? '?', p.representativeId ?? '?');
    case 'patient':
      return entityOf.patient(p.id ?? '?');
    case 'consent':
      return entityOf.consent(p.id ?? '?');
    case 'template':
      return entityOf.template(p.id ?? '?');
    case 'operator':
      return entityOf.operator(p.id ?? '?');
  }
}

/**
 * Writes the change in `tx`; returns what in-memory views must learn, or null when nothing did
 * change for them. Throws ChangeNotApplied (or a store / crypto error) when it cannot be applied.
 */
export function applyChange(tx: Tx, change: PulledChange, ctx: ApplyContext): AppliedChange | null {
  const { store, deskKeys, clinicKeys } = ctx;
  const rows = store.rows;
  switch (change.kind) {
    case 'patient': {
      const p = payloads.patient.parse(change.payload);
      const content = patientContent.parse(openRecord(clinicKeys, binding.patient(p.id), p.sealed));
      if (clinicIinLookup(clinicKeys, content.iin) !== p.iinLookup)
        throw new ChangeNotApplied('the IIN lookup does not match the sealed IIN');
      const row = patientFromContent(p.id, content, deskKeys);
      const holder = rows.patients.idByLookup(row.iin_lookup);
      if (holder !== null && holder !== p.id) {
        // The same IIN under two ids: this desk registered it too before it knew (see iin_taken).
        throw new ChangeNotApplied(`the IIN is registered here as patient ${holder}`);
      }
      rows.patients.upsert(tx, row);
      return { kind: 'patient', id: p.id };
    }
    case 'representative': {
      const p = payloads.representative.parse(change.payload);
      if (p.unlinked) {
        rows.representatives.delete(tx, p.patientId, p.representativeId);
        return null;
      }
      const c = representativeContent.parse(
        openRecord(clinicKeys, binding.representative(p.patientId, p.representativeId), p.sealed),
      );
      rows.representatives.upsert(tx, {
        patient_id: p.patientId,
        representative_id: p.representativeId,
        relation: c.relation,
        proof_kind: c.proofKind,
        proof_reference: c.proofReference,
        created_at: c.createdAt,
      });
      return null;
    }
    case 'consent': {
      const p = payloads.consent.parse(change.payload);
      const c = consentContent.parse(openRecord(clinicKeys, binding.consent(p.id, p.patientId), p.sealed));
      rows.consents.upsert(tx, {
        id: p.id,
        patient_id: p.patientId,
        given_by: c.givenBy,
        decision: c.decision,
        purpose: c.purpose,
        operator_id: c.operatorId,
        desk_id: c.deskId,
        at: c.at,
        // The clinic records when it took the withdrawal; the desk that withdrew keeps its own time.
        withdrawn_at: p.withdrawn ? change.at : null,
      });
      return null;
    }
    case 'template': {
      const p = payloads.template.parse(change.payload);
      const applied = {
        kind: 'template',
        id: p.id,
        patientId: p.patientId,
        modelId: p.modelId,
        modelVersion: p.modelVersion,
      } as const;
      if (p.revoked || p.sealed === null) {
        return rows.templates.deleteByClinicId(tx, p.id)
          ? { ...applied, descriptors: null, enrolledAt: null }
          : null;
      }
      const c = templateContent.parse(
        openRecord(clinicKeys, binding.template(p.id, p.patientId, p.modelId, p.modelVersion), p.sealed),
      );
      const sealed = sealDeskTemplate(deskKeys, p.patientId, p.modelId, p.modelVersion, c.descriptors);
      if (sealed === null) throw new ChangeNotApplied('the template holds no whole descriptors');
      rows.templates.replace(
        tx,
        {
          patient_id: p.patientId,
          model_id: p.modelId,
          model_version: p.modelVersion,
          sealed: sealed.sealed,
          clinic_id: p.id,
        },
        c.createdAt,
      );
      return { ...applied, descriptors: sealed.descriptors, enrolledAt: c.createdAt };
    }
    case 'operator': {
      const p = payloads.operator.parse(change.payload);
      const c = operatorContent.parse(openRecord(clinicKeys, binding.operator(p.id), p.sealed));
      rows.operators.upsert(
        tx,
        {
          id: p.id,
          login: c.login,
          display_name: c.displayName,
          role: c.role,
          secret_hash: c.secretHash,
          locked: c.locked,
        },
        c.createdAt,
      );
      return null;
    }
  }
}
