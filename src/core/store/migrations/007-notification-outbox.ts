/**
 * The patient-notification outbox: one row per identified visit, written in the same transaction
 * as the visit, delivered later through the gateway. The row's id is also the gateway
 * Idempotency-Key ('notify-' || id), so every retry, even after a crash mid-send, is the same
 * message to the far side. `to_phone` is patient contact data kept only while delivery is still
 * possible: the CHECK forces it to NULL once the row is delivered or failed. 'sending' rows carry a
 * lease; a lease that ran out (the sender died) makes the row claimable again.
 */
import type { Migration } from '../migrate.ts';

export const notificationOutbox: Migration = {
  version: 7,
  name: 'notification outbox',
  sql: `
    CREATE TABLE notification_outbox (
      id TEXT PRIMARY KEY NOT NULL,
      visit_id TEXT NOT NULL UNIQUE,
      patient_id TEXT NOT NULL REFERENCES patient (id) ON DELETE CASCADE,
      to_phone TEXT CHECK (to_phone IS NULL OR to_phone GLOB '+[1-9]*'),
      text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
      state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'delivered', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      created_at TEXT NOT NULL,
      next_attempt_at TEXT NOT NULL,
      lease_until TEXT,
      delivered_at TEXT,
      gateway_id TEXT,
      failure_reason TEXT,
      CHECK ((state IN ('pending', 'sending')) = (to_phone IS NOT NULL)),
      CHECK ((state = 'sending') = (lease_until IS NOT NULL)),
      CHECK ((state = 'delivered') = (delivered_at IS NOT NULL AND gateway_id IS NOT NULL))
    ) STRICT;
    CREATE INDEX notification_outbox_due ON notification_outbox (state, next_attempt_at);
    CREATE TRIGGER notification_outbox_final BEFORE UPDATE ON notification_outbox
      WHEN OLD.state IN ('delivered', 'failed')
      BEGIN SELECT RAISE(ABORT, 'a delivered or failed notification is final'); END;
  `,
};
