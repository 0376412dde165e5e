/**
 * Queuing a visit notification. `enqueue` runs inside the caller's transaction (runInTransaction
 * nests as a savepoint), so the visit and its notification commit or vanish together. One row per
 * visit: enqueueing the same visit again returns the existing row instead of a second SMS.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { NotifyError } from '../../shared/notify-errors.ts';
import { invalidMessageField } from '../delivery/channel.ts';
import { runInTransaction } from '../store/transaction.ts';

export type OutboxState = 'pending' | 'sending' | 'delivered' | 'failed';

export interface NewNotification {
  visitId: string;
  patientId: string;
  /** E.164; kept in the row only until the notification is delivered or failed, never logged. */
  to: string;
  /** From notificationText(), in the patient's language. */
  text: string;
}

export interface QueuedNotification {
  id: string;
  idempotencyKey: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Stable for the row's life, so every attempt is the same message to the gateway. */
export function idempotencyKeyOf(id: string): string {
  return `notify-${id}`;
}

export function enqueue(db: Database.Database, input: NewNotification, now: Date): QueuedNotification {
  if (!UUID.test(String(input.visitId)) || !UUID.test(String(input.patientId))) {
    throw new NotifyError('INVALID_NOTIFICATION', 'The visit and patient ids must be UUIDs.');
  }
  const id = randomUUID();
  const bad = invalidMessageField({
    kind: 'notification',
    to: input.to,
    text: input.text,
    idempotencyKey: idempotencyKeyOf(id),
  });
  if (bad !== undefined) {
    // The field's name only: its value is a phone number or patient-facing text.
    throw new NotifyError('INVALID_NOTIFICATION', `The notification's ${bad} is not valid.`);
  }
  const at = now.toISOString();
  return runInTransaction(db, () => {
    const existing = db
      .prepare('SELECT id FROM notification_outbox WHERE visit_id = ?')
      .pluck()
      .get(input.visitId) as string | undefined;
    if (existing !== undefined) return { id: existing, idempotencyKey: idempotencyKeyOf(existing) };
    db.prepare(
      `INSERT INTO notification_outbox
         (id, visit_id, patient_id, to_phone, text, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, input.visitId, input.patientId, input.to, input.text, at, at);
    return { id, idempotencyKey: idempotencyKeyOf(id) };
  });
}
