/**
 * A visit's identification decision and its audit row, written in one transaction: a full disk, a
 * locked database or a crash leaves either both or neither, never a visit nobody can account for
 * (or an audit entry for a visit that does not exist).
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import { parseAuditEntry, type AuditLog } from '../audit/audit-log.ts';
import type { AuditEvent, IdentificationMethod } from '../audit/events.ts';
import type { Clock } from '../clock.ts';
import { runInTransaction } from '../store/transaction.ts';

export type VisitOutcome = 'identified' | 'not_identified';

export interface Decision {
  patientId: string;
  outcome: VisitOutcome;
  method: IdentificationMethod;
  /** Face decisions only: the distance of the mean descriptor, the threshold that applied, the model. */
  distance?: number | null;
  threshold?: number | null;
  modelVersion?: string | null;
  /** The visit session (visit_session.id) the decision belongs to; audit rows then name the session. */
  sessionId?: string | null;
}

export interface RecordedDecision {
  visitId: string;
  auditSeq: number;
}

export interface VisitDeps {
  db: Database.Database;
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
 * Writes only the decision row; the caller runs it inside the transaction that writes the
 * decision's audit row (the code service does, for a verified code). Returns the decision's id.
 */
export function insertDecisionRow(
  db: Database.Database,
  decision: Decision,
  actor: Actor,
  decidedAt: Date,
): string {
  eventOf(decision);
  const id = randomUUID();
  runInTransaction(db, () => {
    if (!db.prepare('SELECT 1 FROM patient WHERE id = ?').get(decision.patientId)) {
      throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${decision.patientId}.`);
    }
    db.prepare(
      `INSERT INTO visit (id, patient_id, operator_id, desk_id, decided_at, outcome, method, distance,
                          threshold, model_version, session_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      decision.patientId,
      actor.operatorId,
      actor.deskId,
      decidedAt.toISOString(),
      decision.outcome,
      decision.method,
      decision.distance ?? null,
      decision.threshold ?? null,
      decision.modelVersion ?? null,
      decision.sessionId ?? null,
    );
  });
  return id;
}

/** The decision row and its audit row, in one transaction. The audit names the session if any. */
export function recordDecision(deps: VisitDeps, decision: Decision, actor: Actor): RecordedDecision {
  const { db, audit, clock } = deps;
  const event = eventOf(decision);
  // Validated before the transaction, so a bad decision never gets as far as the visit row. The
  // decision's own id is drawn inside, so a well-formed stand-in takes its place for the check.
  const entry = parseAuditEntry({
    ...actor,
    patientId: decision.patientId,
    visitId: decision.sessionId ?? '00000000-0000-4000-8000-000000000000',
    event,
    method: decision.method,
    distance: decision.distance ?? null,
    threshold: decision.threshold ?? null,
    modelVersion: decision.modelVersion ?? null,
  });
  return runInTransaction(db, () => {
    const visitId = insertDecisionRow(
      db,
      { ...decision, distance: entry.distance, threshold: entry.threshold, modelVersion: entry.modelVersion },
      actor,
      clock.now(),
    );
    return { visitId, auditSeq: audit.append({ ...entry, visitId: decision.sessionId ?? visitId }).seq };
  });
}
