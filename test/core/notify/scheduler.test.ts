/**
 * The outbox on its timer: delivers what is due at start and on each tick, never runs twice at
 * once against a slow gateway, survives a failing run, and stops cleanly.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryChannel, DeliveryMessage, DeliveryResult } from '../../../src/core/delivery/channel.ts';
import { enqueue } from '../../../src/core/notify/outbox.ts';
import { startOutboxScheduler, type OutboxScheduler } from '../../../src/core/notify/scheduler.ts';
import { newPatient, openTestRegistry, type TestRegistry } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('outbox-scheduler');
const stops: OutboxScheduler[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.stop();
});

/** A channel that answers when the test lets it, and counts calls in flight. */
class GatedChannel implements DeliveryChannel {
  sent: DeliveryMessage[] = [];
  inFlight = 0;
  maxInFlight = 0;
  #release: (() => void)[] = [];
  gated = false;
  async deliver(message: DeliveryMessage): Promise<DeliveryResult> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (this.gated) await new Promise<void>((resolve) => this.#release.push(resolve));
    this.inFlight -= 1;
    this.sent.push(message);
    return { status: 'delivered', gatewayId: `g-${this.sent.length}`, attempts: 1 };
  }
  open(): void {
    this.gated = false;
    for (const r of this.#release.splice(0)) r();
  }
}

function queue(r: TestRegistry, n: number): void {
  const patientId = r.patients.register(newPatient(), r.actor).id;
  for (let i = 0; i < n; i += 1) {
    r.store.write((tx) =>
      enqueue(
        tx,
        r.store.rows.outbox,
        { visitId: randomUUID(), patientId, to: '+77011234567', text: `visit ${i}` },
        r.clock.now(),
      ),
    );
  }
}

const state = (r: TestRegistry) =>
  r.db.prepare('SELECT state, count(*) AS n FROM notification_outbox GROUP BY state').all();

describe('startOutboxScheduler', () => {
  it('delivers what is due right away and then on each run; nothing twice', async () => {
    const r = openTestRegistry(tempDir());
    queue(r, 2);
    const channel = new GatedChannel();
    const s = startOutboxScheduler(r.store, channel, r.clock, { intervalMs: 60_000 });
    stops.push(s);
    await s.runNow();
    expect(channel.sent.map((m) => m.text).sort()).toEqual(['visit 0', 'visit 1']);
    queue(r, 1);
    await s.runNow();
    await s.runNow();
    expect(channel.sent).toHaveLength(3);
    expect(state(r)).toEqual([{ state: 'delivered', n: 3 }]);
  });

  it('never overlaps runs against a slow gateway', async () => {
    const r = openTestRegistry(tempDir());
    queue(r, 3);
    const channel = new GatedChannel();
    channel.gated = true;
    const s = startOutboxScheduler(r.store, channel, r.clock, { intervalMs: 5 });
    stops.push(s);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const pending = s.runNow();
    expect(channel.maxInFlight).toBe(1);
    channel.open();
    await pending;
    await s.runNow();
    expect(channel.maxInFlight).toBe(1);
    expect(channel.sent).toHaveLength(3);
  });

  it('reports a failing run and recovers on the next one with nothing lost', async () => {
    const r = openTestRegistry(tempDir());
    queue(r, 1);
    let fail = true;
    const inner = new GatedChannel();
    const channel: DeliveryChannel = {
      deliver: (m) => (fail ? Promise.reject(new Error('socket hang up')) : inner.deliver(m)),
    };
    const outcomes: boolean[] = [];
    const s = startOutboxScheduler(r.store, channel, r.clock, {
      intervalMs: 60_000,
      leaseMs: 1,
      onRun: (o) => outcomes.push(o.ok),
    });
    stops.push(s);
    await s.runNow();
    fail = false;
    r.clock.advance(10);
    await s.runNow();
    expect(outcomes).toEqual([false, true]);
    expect(inner.sent).toHaveLength(1);
    expect(state(r)).toEqual([{ state: 'delivered', n: 1 }]);
  });
});
