/**
 * `iin_taken`: this desk registered a person the clinic already knows under another patient id
 * (another desk registered the same IIN first). The clinic keeps the first record and flags the
 * pair; this desk moves its own record to the clinic's id, when that is simple, so that its
 * consent, template and links reach the clinic under the right patient and the clinic's record
 * can be pulled here at all (the desk's IIN lookup is unique too).
 *
 * Simple means: the record names no evidence yet (no decision, visit, code or notification), and
 * the clinic's record is not on this desk already. Then, in the transaction that records the
 * answer: the patient row, consents, links, flags and templates move to the clinic's id (the IIN
 * and templates sealed again, their associated data being the id), the ops still pending about
 * the old id are superseded, new ops carry the moved consents, templates and links, and an audit
 * row says which id the record had. The audit rows written before keep naming the old id: the
 * chain is never rewritten, and the new row links the two.
 *
 * Otherwise nothing moves, and the answer is kept with a note saying why: a supervisor merges the
 * two by hand (the clinic's duplicate_iin flag points at both).
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { seal } from '../crypto/aead.ts';
import { templateAad } from '../enrolment/template-codec.ts';
import { openIin, sealIin } from '../patients/iin-protection.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import type { RegistryOutbox } from './registry-outbox.ts';
import { openDeskTemplate, type DeskSealKeys } from './registry-records.ts';

export type RepointResult = { repointed: true } | { repointed: false; note: string };

export interface RepointDeps {
  store: DeskStore;
  deskKeys: DeskSealKeys;
  outbox: RegistryOutbox;
  audit: AuditLog;
  clock: Clock;
  /** Who the audit row is written as (the desk itself: 'system' at this desk). */
  deskId: string;
}

export function repointPatient(tx: Tx, from: string, to: string, deps: RepointDeps): RepointResult {
  const { store, deskKeys, outbox, audit } = deps;
  const rows = store.rows;
  const patient = rows.patients.byId(from);
  if (patient === null) return { repointed: false, note: `patient ${from} is no longer on this desk` };
  if (rows.patients.exists(to)) {
    return {
      repointed: false,
      note: `the clinic's patient ${to} is on this desk as well: merge the two by hand`,
    };
  }
  const evidence = rows.clinicRegistry.evidenceCount(from);
  if (evidence > 0) {
    return {
      repointed: false,
      note: `patient ${from} is named by ${evidence} decision(s), visit(s), code(s) or notification(s) here: evidence is never re-pointed; merge by hand`,
    };
  }
  const templates = rows.clinicRegistry.templatesOf(from);
  rows.clinicRegistry.move(
    tx,
    from,
    to,
    sealIin(deskKeys['iin-seal'], to, openIin(deskKeys['iin-seal'], from, patient.iin_sealed)),
  );
  for (const t of templates) {
    const plain = openDeskTemplate(deskKeys, { patient_id: from, ...t });
    try {
      const sealed = seal(deskKeys['template-seal'], plain, templateAad(to, t.model_id, t.model_version));
      rows.clinicRegistry.moveTemplate(tx, t.id, to, sealed, randomUUID());
    } finally {
      plain.fill(0);
    }
  }
  const at = deps.clock.now().toISOString();
  for (const op of rows.clinicOps.pendingMentioning(from))
    rows.clinicOps.settle(tx, op.op_id, 'superseded', { repointedTo: to }, at);
  // The clinic's own record of the person is pulled next; what this desk adds to it goes up now.
  for (const link of rows.clinicRegistry.linksOf(to))
    outbox.representativeLinked(tx, link.patientId, link.representativeId);
  for (const consent of rows.clinicRegistry.consentIdsOf(to)) {
    outbox.consentRecorded(tx, consent.id);
    if (consent.withdrawn) outbox.consentWithdrawn(tx, consent.id);
  }
  for (const t of templates) outbox.templateSaved(tx, to, t.model_id, t.model_version);
  audit.append(tx, {
    operatorId: 'system',
    deskId: deps.deskId,
    patientId: to,
    event: 'patient_repointed',
    detail: { previousPatientId: from },
  });
  return { repointed: true };
}
