/**
 * A visit's identification decision and its audit row, written in the caller's transaction: a full
 * disk, a locked database or a crash leaves either both or neither, never a decision nobody can
 * account for (or an audit entry for a decision that does not exist).
 */
import { randomUUID } from 'node:crypto';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import { parseAuditEntry, type AuditLog } from '../audit/audit-log.ts';
import type { AuditEvent, IdentificationMethod } from '../audit/events.ts';
import type { Clock } from '../clock.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';

export type VisitOutcome = 'identified' | 'not_identified';

export interface Decision {
  patientId: string;
  outcome: VisitOutcome;
  method: IdentificationMethod;
  /** Face decisions only: the distance of the mean descriptor, the threshold that applied, the model. */
  distance?: number | null;
  threshold?: number | null;
  modelVersion?: string | null;
  /** The visit the decision belongs to; its audit row then names the visit. */
  visitId?: string | null;
}

export interface RecordedDecision {
  decisionId: string;
  auditSeq: number;
}

export interface DecisionDeps {
  store: DeskStore;
  audit: AuditLog;
  clock: Clock;
}

/** The audit event of each method and outcome; representative, slip and override only ever identify. */
const EVENTS: Record<IdentificationMethod, Partial<Record<VisitOutcome, AuditEvent>>> = {
  face: { identified: 'face_match', not_identified: 'face_no_match' },
  code: { identified: 'code_verified', not_identified: 'code_failed' },
  representative: { identified: 'representative_confirmed' },
  slip: { identified: 'slip_accepted' },
  override: { identified: 'override' },
};

function eventOf(decision: Decision): AuditEvent {
  const event = EVENTS[decision.method]?.[decision.outcome];
  if (event === undefined) {
    throw new RegistryError(
      'INVALID_DECISION',
      `A decision by ${String(decision.method)} cannot have the outcome ${String(decision.outcome)}.`,
    );
  }
  return event;
}

/**
 * Writes only the decision row, in the caller's transaction, which also writes the decision's
 * audit row (the code service's, for a verified code). Returns the decision's id.
 */
export function insertDecisionRow(
  tx: Tx,
  store: DeskStore,
  decision: Decision,
  actor: Actor,
  decidedAt: Date,
): string {
  eventOf(decision);
  if (!store.rows.patients.exists(decision.patientId)) {
    throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${decision.patientId}.`);
  }
  const id = randomUUID();
  store.rows.decisions.insert(tx, {
    id,
    patientId: decision.patientId,
    operatorId: actor.operatorId,
    deskId: actor.deskId,
    decidedAt: decidedAt.toISOString(),
    outcome: decision.outcome,
    method: decision.method,
    distance: decision.distance ?? null,
    threshold: decision.threshold ?? null,
    modelVersion: decision.modelVersion ?? null,
    visitId: decision.visitId ?? null,
  });
  return id;
}

/** The decision row and its audit row, in the caller's transaction. The audit names the visit if any. */
export function recordDecision(
  tx: Tx,
  deps: DecisionDeps,
  decision: Decision,
  actor: Actor,
): RecordedDecision {
  const { store, audit, clock } = deps;
  const event = eventOf(decision);
  // Validated before anything is written, so a bad decision never gets as far as its row. The
  // decision's own id is drawn later, so a well-formed stand-in takes its place for the check.
  const entry = parseAuditEntry({
    ...actor,
    patientId: decision.patientId,
    visitId: decision.visitId ?? '00000000-0000-4000-8000-000000000000',
    event,
    method: decision.method,
    distance: decision.distance ?? null,
    threshold: decision.threshold ?? null,
    modelVersion: decision.modelVersion ?? null,
  });
  const decisionId = insertDecisionRow(
    tx,
    store,
    { ...decision, distance: entry.distance, threshold: entry.threshold, modelVersion: entry.modelVersion },
    actor,
    clock.now(),
  );
  return {
    decisionId,
    auditSeq: audit.append(tx, { ...entry, visitId: decision.visitId ?? decisionId }).seq,
  };
}
