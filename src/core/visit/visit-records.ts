/**
 * The visit machine's records, executed as given: every audit row, decision, notification and
 * change of the visit row that a transition emits, all in the transition's one transaction (the
 * caller's handle). Nothing about a visit is written anywhere else, so the machine's tests are the
 * contract of what a visit leaves behind.
 */
import { VisitError } from '../../shared/visit-errors.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { withRecords, type AuditEntryInput, type RecordsBinding } from '../audit/events.ts';
import type { Clock } from '../clock.ts';
import { enqueue } from '../notify/outbox.ts';
import { notificationText } from '../notify/template.ts';
import type { PatientLanguages } from '../patients/patient-language.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import { insertDecisionRow } from './decisions.ts';
import { faceLockStatus, type FaceLockPolicy } from './face-lock.ts';
import type { LiveVisit } from './live-visit.ts';
import type { PatientContacts } from './patient-contacts.ts';
import { recordHash } from './record-hash.ts';
import type { VisitRecord } from './types.ts';
import type { DeskSettings } from './visit-desk-deps.ts';

export interface VisitRecordDeps {
  store: DeskStore;
  audit: AuditLog;
  clock: Clock;
  contacts: PatientContacts;
  languages: PatientLanguages;
  settings: DeskSettings;
  faceLock: FaceLockPolicy;
}

/** What one step wrote: the decisions' ids, and the visit's id if this step ended it. */
interface Written {
  decisions: string[];
  visit: string | null;
}

export class VisitRecorder {
  readonly #deps: VisitRecordDeps;

  constructor(deps: VisitRecordDeps) {
    this.#deps = deps;
  }

  /** Opens the visit's row when the doctor starts it. */
  open(v: LiveVisit, now: Date): void {
    const { store } = this.#deps;
    store.write((tx) =>
      store.rows.visits.open(tx, v.id, v.actor.operatorId, v.actor.deskId, now.toISOString()),
    );
  }

  /**
   * Writes `records` in the caller's transaction: the rows first, in order, then the audit rows, in
   * order, the last one that can carry them binding the step's decisions and ended visit by their
   * hashes (audit/records-check.ts verifies them); a 'visit_records' row when none can.
   */
  write(tx: Tx, v: LiveVisit, records: readonly VisitRecord[]): void {
    const now = this.#deps.clock.now();
    const bound: Written = { decisions: [], visit: null };
    const audits: AuditEntryInput[] = [];
    for (const record of records) {
      if (record.kind === 'audit') audits.push(this.#auditEntry(v, record));
      else this.#write(tx, v, record, now, bound);
    }
    const binding = this.#binding(bound);
    if (binding !== null) {
      const last = audits.findLastIndex((entry) => withRecords(entry, binding) !== null);
      const carrier = last < 0 ? null : withRecords(audits[last] as AuditEntryInput, binding);
      if (carrier === null) {
        audits.push({
          ...v.actor,
          patientId: this.#patientId(v),
          visitId: v.id,
          event: 'visit_records',
          detail: { records: binding },
        });
      } else audits[last] = carrier;
    }
    for (const entry of audits) this.#deps.audit.append(tx, entry);
  }

  /** The hashes of the rows this step wrote, read back as stored; null when it wrote none. */
  #binding(bound: Written): RecordsBinding | null {
    const { decisions, visits } = this.#deps.store.rows;
    const hashOf = (content: Record<string, string | number | null> | null, what: string) => {
      if (content === null) throw new VisitError('INVALID_EVENT', `The ${what} just written is not there.`);
      return recordHash(content);
    };
    const binding: RecordsBinding = {};
    if (bound.decisions.length > 0) {
      binding.decisions = bound.decisions.map((id) => ({
        id,
        sha256: hashOf(decisions.content(id), 'decision'),
      }));
    }
    const visit = bound.visit === null ? null : visits.content(bound.visit);
    // A second close (a timeout racing a cancel) changed nothing: the first one is bound already.
    if (bound.visit !== null && visit !== null && visit['ended_at'] !== null) {
      binding.visit = { id: bound.visit, sha256: hashOf(visit, 'visit') };
    }
    return binding.decisions || binding.visit ? binding : null;
  }

  #patientId(v: LiveVisit): string | null {
    return v.patient?.id ?? v.state.ctx.patient?.patientId ?? null;
  }

  #write(
    tx: Tx,
    v: LiveVisit,
    record: Exclude<VisitRecord, { kind: 'audit' }>,
    now: Date,
    bound: Written,
  ): void {
    const { store } = this.#deps;
    const visits = store.rows.visits;
    switch (record.kind) {
      case 'visitPatient':
        visits.setPatient(tx, v.id, record.patientId);
        return;
      case 'visitType':
        visits.setType(tx, v.id, record.visitType);
        return;
      case 'decision': {
        const patientId = this.#required(v);
        const id = insertDecisionRow(
          tx,
          store,
          {
            patientId,
            outcome: record.outcome,
            method: record.method,
            distance: record.score?.distance ?? null,
            threshold: record.score?.threshold ?? null,
            modelVersion: record.score?.modelVersion ?? null,
            visitId: v.id,
          },
          v.actor,
          now,
        );
        bound.decisions.push(id);
        return;
      }
      case 'flagRepeatedFailures': {
        const patientId = this.#required(v);
        const { faceLock } = this.#deps;
        if (
          faceLockStatus(store, patientId, now, faceLock, v.faceFailuresElsewhere).locked &&
          !store.rows.flags.hasOpen(patientId, 'repeated_face_failures')
        ) {
          store.rows.flags.raise(tx, patientId, 'repeated_face_failures', null, now.toISOString());
        }
        return;
      }
      case 'queueNotification':
        this.#queueNotification(tx, v, record.method === 'face' ? 'face' : 'code', now);
        return;
      case 'closeVisit': {
        const closed = visits.close(tx, v.id, record.end, now.toISOString(), {
          method: record.method,
          refusalReason: v.state.ctx.refusalReason,
        });
        if (closed) bound.visit = v.id;
        return;
      }
    }
  }

  #required(v: LiveVisit): string {
    const id = this.#patientId(v);
    if (id === null) throw new VisitError('INVALID_EVENT', 'No patient has been selected.');
    return id;
  }

  #auditEntry(v: LiveVisit, record: Extract<VisitRecord, { kind: 'audit' }>): AuditEntryInput {
    const base = { ...v.actor, patientId: this.#patientId(v), visitId: v.id, event: record.event };
    if ('secondOperatorId' in record) {
      // The second operator's own act: theirs is the row, the doctor is whom they signed off.
      return {
        ...base,
        operatorId: record.secondOperatorId,
        method: 'slip',
        detail: { doctorId: v.actor.operatorId },
      };
    }
    if ('slipId' in record) {
      return { ...base, method: 'slip', detail: { slipId: record.slipId, issuedBy: record.issuedBy } };
    }
    if ('score' in record) {
      return { ...base, method: 'face', ...record.score };
    }
    if ('detail' in record) return { ...base, method: 'face', detail: record.detail };
    if ('engine' in record) return { ...base, method: 'face', detail: { engine: record.engine } };
    if ('method' in record) return { ...base, method: record.method };
    if ('scope' in record) return { ...base, method: 'face', detail: { scope: record.scope } };
    if (record.event === 'face_path_closed') return { ...base, method: 'face' };
    return base;
  }

  /** A patient with no reachable number gets no notification (and the screen says so). */
  #queueNotification(tx: Tx, v: LiveVisit, method: 'face' | 'code', now: Date): void {
    const patient = v.patient;
    const to = patient === null ? null : this.#deps.contacts.notificationPhone(patient);
    if (patient === null || to === null) {
      v.notificationQueued = false;
      return;
    }
    const { settings, store, languages } = this.#deps;
    enqueue(
      tx,
      store.rows.outbox,
      {
        visitId: v.id,
        patientId: patient.id,
        to,
        text: notificationText({
          language: languages.of(patient.id) ?? settings.defaultLanguage,
          at: now,
          timeZone: settings.timeZone,
          clinic: settings.clinic,
          doctor: v.doctorName,
          method,
          callNumber: settings.callNumber,
        }),
      },
      now,
    );
    v.notificationQueued = true;
  }
}
