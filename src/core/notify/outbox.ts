/**
 * Queuing a visit notification. `enqueue` runs inside the caller's transaction (its handle is the
 * first argument), so the visit and its notification commit or vanish together. One row per
 * visit: enqueueing the same visit again returns the existing row instead of a second SMS.
 */
import { randomUUID } from 'node:crypto';
import { NotifyError } from '../../shared/notify-errors.ts';
import { invalidMessageField } from '../delivery/channel.ts';
import type { Tx } from '../store/tx.ts';
import type { OutboxRows } from './outbox-rows.ts';

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

export function enqueue(tx: Tx, rows: OutboxRows, input: NewNotification, now: Date): QueuedNotification {
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
  const existing = rows.idOfVisit(tx, input.visitId);
  if (existing !== null) return { id: existing, idempotencyKey: idempotencyKeyOf(existing) };
  rows.insert(tx, { id, ...input }, now.toISOString());
  return { id, idempotencyKey: idempotencyKeyOf(id) };
}
