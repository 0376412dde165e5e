/**
 * The notification outbox against the real fake gateway on loopback and a real SQLite file:
 * delivered once, kept pending with backoff while the gateway is down, carried across a simulated
 * crash and restart under the same Idempotency-Key, failed without retry on a 400, and queued
 * together with the caller's transaction. Times come from a manual clock, not the wall.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryChannel } from '../../../src/core/delivery/channel.ts';
import { GatewayClient } from '../../../src/core/delivery/gateway-client.ts';
import { deliverDue, retryDelayMs } from '../../../src/core/notify/dispatcher.ts';
import { enqueue, idempotencyKeyOf } from '../../../src/core/notify/outbox.ts';
import { DeskStore } from '../../../src/core/store/desk-store.ts';
import { closedPortUrl, startFakeGateway, type FakeGateway } from '../../fakes/fake-gateway.ts';
import { newPatient, openTestRegistry, type TestRegistry } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('notify');
const PHONE = '+77011234567';
const TEXT = 'On 22 November 2026 at 14:00 you were identified at Clinic 7 by Dr Abenova, by face.';
const MINUTE = 60_000;
const OPTIONS = { backoffBaseMs: MINUTE, backoffMaxMs: 60 * MINUTE, leaseMs: 5 * MINUTE };

function gateway(baseUrl: string, token: string): GatewayClient {
  return new GatewayClient(
    { baseUrl, token, timeoutMs: 200, maxAttempts: 1, backoffBaseMs: 0, backoffMaxMs: 0 },
    { sleep: () => Promise.resolve() },
  );
}

interface Row {
  state: string;
  attempts: number;
  next_attempt_at: string;
  to_phone: string | null;
  gateway_id: string | null;
  failure_reason: string | null;
  delivered_at: string | null;
}

let fake: FakeGateway;
let s: TestRegistry;
let patientId: string;

beforeEach(async () => {
  fake = await startFakeGateway();
  s = openTestRegistry(newDir());
  patientId = s.patients.register(newPatient(), s.actor).id;
});
afterEach(async () => {
  if (s.db.open) s.store.close();
  await fake.close();
});

function queue(text = TEXT) {
  return s.store.write((tx) =>
    enqueue(tx, s.store.rows.outbox, { visitId: randomUUID(), patientId, to: PHONE, text }, s.clock.now()),
  );
}

function row(id: string, store = s.store): Row {
  return store.connection.prepare('SELECT * FROM notification_outbox WHERE id = ?').get(id) as Row;
}

describe('notification outbox', () => {
  it('is queued, then delivered exactly once, and the phone is dropped once delivered', async () => {
    const { id, idempotencyKey } = queue();
    expect(idempotencyKey).toBe(idempotencyKeyOf(id));
    expect(row(id)).toMatchObject({ state: 'pending', attempts: 0, to_phone: PHONE });

    const channel = gateway(fake.url, fake.token);
    expect(await deliverDue(s.store, channel, s.clock.now(), OPTIONS)).toEqual({
      delivered: 1,
      retrying: 0,
      failed: 0,
    });
    s.clock.advance(24 * 60 * MINUTE);
    expect(await deliverDue(s.store, channel, s.clock.now(), OPTIONS)).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 0,
    });

    expect(fake.deliveries).toEqual([
      { id: expect.any(String), idempotencyKey, to: PHONE, text: TEXT, kind: 'notification' },
    ]);
    expect(fake.requests).toHaveLength(1);
    expect(row(id)).toMatchObject({
      state: 'delivered',
      attempts: 1,
      to_phone: null,
      gateway_id: fake.deliveries[0]?.id,
    });
    // Final rows cannot be put back in the queue, even by hand.
    expect(
      typedCode(() => s.db.prepare("UPDATE notification_outbox SET state = 'pending' WHERE id = ?").run(id)),
    ).not.toBe('no error');
  });

  it('does not deliver rows that are not yet due', async () => {
    queue();
    const past = new Date(s.clock.now().getTime() - MINUTE);
    expect((await deliverDue(s.store, gateway(fake.url, fake.token), past, OPTIONS)).delivered).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });

  it('stays pending with a growing, capped backoff while the gateway is down, then delivers', async () => {
    const { id, idempotencyKey } = queue();
    const down = gateway(await closedPortUrl(), fake.token);
    const start = s.clock.now().getTime();

    const waits: number[] = [];
    for (let i = 1; i <= 8; i += 1) {
      expect(await deliverDue(s.store, down, s.clock.now(), OPTIONS)).toEqual({
        delivered: 0,
        retrying: 1,
        failed: 0,
      });
      const r = row(id);
      expect(r).toMatchObject({ state: 'pending', attempts: i, to_phone: PHONE });
      expect(r.failure_reason).toBe('network');
      const wait = Date.parse(r.next_attempt_at) - s.clock.now().getTime();
      waits.push(wait);
      // Not due a moment before the backoff ends.
      s.clock.advance(wait - 1);
      expect((await deliverDue(s.store, down, s.clock.now(), OPTIONS)).retrying).toBe(0);
      s.clock.advance(1);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60].map((m) => m * MINUTE));
    expect(s.clock.now().getTime() - start).toBe(183 * MINUTE);

    // The gateway is back.
    const up = gateway(fake.url, fake.token);
    expect((await deliverDue(s.store, up, s.clock.now(), OPTIONS)).delivered).toBe(1);
    expect(fake.deliveries.map((d) => d.idempotencyKey)).toEqual([idempotencyKey]);
    expect(row(id)).toMatchObject({ state: 'delivered', attempts: 9, to_phone: null });
  });

  it('survives a crash mid-send: after a restart it resends under the same key, delivered once', async () => {
    const { id, idempotencyKey } = queue();
    const real = gateway(fake.url, fake.token);
    // The send reaches the gateway, then the process dies before recording the result.
    const crashing: DeliveryChannel = {
      async deliver(message) {
        await real.deliver(message);
        throw new Error('simulated crash');
      },
    };
    await expect(deliverDue(s.store, crashing, s.clock.now(), OPTIONS)).rejects.toThrow('simulated crash');
    expect(row(id).state).toBe('sending');
    s.store.close();

    // A new process on the same file.
    const db = DeskStore.open(s.dbPath);
    try {
      // Within the lease, the row still belongs to the dead sender.
      s.clock.advance(OPTIONS.leaseMs - 1);
      expect((await deliverDue(db, real, s.clock.now(), OPTIONS)).delivered).toBe(0);
      s.clock.advance(1);
      expect((await deliverDue(db, real, s.clock.now(), OPTIONS)).delivered).toBe(1);
      s.clock.advance(60 * MINUTE);
      expect((await deliverDue(db, real, s.clock.now(), OPTIONS)).delivered).toBe(0);

      expect(fake.requests.map((r) => r.idempotencyKey)).toEqual([idempotencyKey, idempotencyKey]);
      expect(fake.deliveries).toHaveLength(1);
      expect(row(id, db)).toMatchObject({
        state: 'delivered',
        gateway_id: fake.deliveries[0]?.id,
        to_phone: null,
      });
    } finally {
      db.close();
    }
  });

  it('a pending row survives close and reopen and is delivered by a new dispatcher', async () => {
    const { id } = queue();
    s.store.close();
    const db = DeskStore.open(s.dbPath);
    try {
      expect((await deliverDue(db, gateway(fake.url, fake.token), s.clock.now(), OPTIONS)).delivered).toBe(1);
      expect(row(id, db).state).toBe('delivered');
      expect(fake.deliveries).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('marks a 400 as failed with its reason and never tries it again', async () => {
    const { id } = queue();
    fake.script({ type: 'status', status: 400 });
    const channel = gateway(fake.url, fake.token);
    expect(await deliverDue(s.store, channel, s.clock.now(), OPTIONS)).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 1,
    });
    s.clock.advance(48 * 60 * MINUTE);
    await deliverDue(s.store, channel, s.clock.now(), OPTIONS);
    expect(fake.requests).toHaveLength(1);
    expect(fake.deliveries).toHaveLength(0);
    expect(row(id)).toMatchObject({
      state: 'failed',
      failure_reason: 'invalid-request',
      to_phone: null,
      attempts: 1,
    });
  });

  it('commits or rolls back with the caller’s transaction, one row per visit', () => {
    const visitId = randomUUID();
    const input = { visitId, patientId, to: PHONE, text: TEXT };
    expect(() =>
      s.store.write((tx) => {
        enqueue(tx, s.store.rows.outbox, input, s.clock.now());
        throw new Error('the visit failed to save');
      }),
    ).toThrow('the visit failed to save');
    const count = () => s.db.prepare('SELECT count(*) FROM notification_outbox').pluck().get();
    expect(count()).toBe(0);

    const again = () => s.store.write((tx) => enqueue(tx, s.store.rows.outbox, input, s.clock.now()));
    const first = again();
    expect(again()).toEqual(first);
    expect(count()).toBe(1);
  });

  it('refuses a bad phone, empty text or non-UUID ids, without echoing the value', () => {
    const base = { visitId: randomUUID(), patientId, to: PHONE, text: TEXT };
    for (const bad of [{ to: '87011234567' }, { text: '' }, { visitId: 'visit-1' }]) {
      let message = '';
      const code = typedCode(() => {
        try {
          s.store.write((tx) => enqueue(tx, s.store.rows.outbox, { ...base, ...bad }, s.clock.now()));
        } catch (error) {
          message = (error as Error).message;
          throw error;
        }
      });
      expect(code).toBe('INVALID_NOTIFICATION');
      expect(message).not.toContain('87011234567');
    }
  });

  it('backs off 1, 2, 4 … minutes and caps at an hour', () => {
    expect([1, 2, 3, 7, 8, 20].map((n) => retryDelayMs(n, MINUTE, 60 * MINUTE) / MINUTE)).toEqual([
      1, 2, 4, 60, 60, 60,
    ]);
  });
});
