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

export function recordDecision(deps: VisitDeps, decision: Decision, actor: Actor): RecordedDecision {
  const { db, audit, clock } = deps;
  const event = EVENTS[decision.method]?.[decision.outcome];
  if (event === undefined) {
    throw new RegistryError(
      'INVALID_DECISION',
      `A decision by ${String(decision.method)} cannot have the outcome ${String(decision.outcome)}.`,
    );
  }
  const visitId = randomUUID();
  // Validated before the transaction, so a bad decision never gets as far as the visit row.
  const entry = parseAuditEntry({
    ...actor,
    patientId: decision.patientId,
    visitId,
    event,
    method: decision.method,
    distance: decision.distance ?? null,
    threshold: decision.threshold ?? null,
    modelVersion: decision.modelVersion ?? null,
  });
  return runInTransaction(db, () => {
    if (!db.prepare('SELECT 1 FROM patient WHERE id = ?').get(decision.patientId)) {
      throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${decision.patientId}.`);
    }
    db.prepare(
      `INSERT INTO visit (id, patient_id, operator_id, desk_id, decided_at, outcome, method, distance, threshold, model_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      visitId,
      decision.patientId,
      actor.operatorId,
      actor.deskId,
      clock.now().toISOString(),
      decision.outcome,
      decision.method,
      entry.distance,
      entry.threshold,
      entry.modelVersion,
    );
    return { visitId, auditSeq: audit.append(entry).seq };
  });
}
