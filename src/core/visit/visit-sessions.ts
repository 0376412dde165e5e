/**
 * The visit_session rows: written when the doctor starts a visit, updated as it learns its patient
 * and type, closed once with how it ended. Its id is the visitId of every audit row and code of
 * the visit, so the trail of one visit reads in one query.
 */
import type Database from 'better-sqlite3';
import type { Actor } from '../audit/actor.ts';
import type { IdentificationMethod } from '../audit/events.ts';
import { withStoreErrors } from '../store/transaction.ts';
import type { TerminalPhase, VisitType } from './types.ts';

export type SessionEnd = TerminalPhase | 'noChannel';

export function openSession(db: Database.Database, id: string, actor: Actor, now: Date): void {
  withStoreErrors(() =>
    db
      .prepare('INSERT INTO visit_session (id, operator_id, desk_id, started_at) VALUES (?, ?, ?, ?)')
      .run(id, actor.operatorId, actor.deskId, now.toISOString()),
  );
}

export function setSessionPatient(db: Database.Database, id: string, patientId: string): void {
  withStoreErrors(() =>
    db
      .prepare('UPDATE visit_session SET patient_id = ? WHERE id = ? AND ended_at IS NULL')
      .run(patientId, id),
  );
}

export function setSessionType(db: Database.Database, id: string, visitType: VisitType): void {
  withStoreErrors(() =>
    db
      .prepare('UPDATE visit_session SET visit_type = ? WHERE id = ? AND ended_at IS NULL')
      .run(visitType, id),
  );
}

/** Closes the session once; a second close (e.g. a timeout racing a cancel) changes nothing. */
export function closeSession(
  db: Database.Database,
  id: string,
  end: SessionEnd,
  now: Date,
  extra: { method?: IdentificationMethod | null; refusalReason?: string | null } = {},
): void {
  withStoreErrors(() =>
    db
      .prepare(
        `UPDATE visit_session SET ended_at = ?, end_state = ?, method = ?, refusal_reason = ?
         WHERE id = ? AND ended_at IS NULL`,
      )
      .run(now.toISOString(), end, extra.method ?? null, extra.refusalReason ?? null, id),
  );
}

export interface SessionRow {
  id: string;
  patientId: string | null;
  operatorId: string;
  deskId: string;
  visitType: VisitType | null;
  startedAt: string;
  endedAt: string | null;
  endState: SessionEnd | null;
  method: IdentificationMethod | null;
}

/** Today's (or any period's) visits at a desk, newest first, for the doctor's history screen. */
export function sessionsAtDesk(db: Database.Database, deskId: string, from: Date, to: Date): SessionRow[] {
  return withStoreErrors(
    () =>
      db
        .prepare(
          `SELECT id, patient_id AS patientId, operator_id AS operatorId, desk_id AS deskId,
                  visit_type AS visitType, started_at AS startedAt, ended_at AS endedAt,
                  end_state AS endState, method
           FROM visit_session WHERE desk_id = ? AND started_at >= ? AND started_at < ?
           ORDER BY started_at DESC`,
        )
        .all(deskId, from.toISOString(), to.toISOString()) as SessionRow[],
  );
}
