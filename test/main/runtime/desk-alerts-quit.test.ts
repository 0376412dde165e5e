/**
 * What the admin is told while the desk runs (admin:alerts), the clock confirmation, and the only
 * way out of the production kiosk (admin:quit), through the real router and runtime on real files.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../../src/shared/ipc/contract-kit.ts';
import type { TimeSource } from '../../../src/core/time/desk-clock.ts';
import { createKioskRouter } from '../../../src/main/ipc/kiosk-router.ts';
import type { KioskRuntime } from '../../../src/main/runtime/kiosk-runtime.ts';
import { testRuntime, type TestRuntimeOptions } from '../../support/runtime.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('desk-alerts');
const DAY = 24 * 60 * 60 * 1000;
const SENDER = { url: 'app://tanu/index.html', isMainFrame: true };
const SETUP = {
  clinicId: 'pol-5',
  clinicName: 'Емхана №5',
  timeZone: 'Asia/Almaty',
  callNumber: '+7 727 300 00 00',
  deskId: 'desk-12',
  admin: { login: 'admin', displayName: 'Admin', secret: 'long enough secret' },
};

/** Wall and monotonic time moving together, or the wall alone. */
function hands(start = Date.parse('2026-12-02T08:00:00Z')) {
  let wall = start;
  let mono = 0;
  const source: TimeSource = { wall: { now: () => new Date(wall) }, monotonicMs: () => mono };
  return {
    source,
    pass: (ms: number) => {
      wall += ms;
      mono += ms;
    },
    setWall: (ms: number) => {
      wall = ms;
    },
  };
}

const running: KioskRuntime[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
});

function open(dir: string, options: TestRuntimeOptions = {}) {
  const t = testRuntime(dir, options);
  running.push(t.runtime);
  const router = createKioskRouter({
    app: { getVersion: () => '0.1.0' },
    platform: 'linux',
    runtime: t.runtime,
    isTrustedSender: () => true,
  });
  const call = <T = unknown>(channel: string, payload?: unknown) =>
    router.dispatch(channel, SENDER, payload) as Promise<IpcResult<T>>;
  return { ...t, call };
}

const alertsOf = async (call: ReturnType<typeof open>['call']) => {
  const r = await call<{ alert: string; code: string | null; amount: number | null }[]>('admin:alerts');
  if (!r.ok) throw new Error(r.code);
  return r.value;
};

describe('admin:alerts', () => {
  it('asks for the key escrow until a transfer file is exported, and again 30 days later', async () => {
    const h = hands();
    const k = open(tempDir(), { time: h.source });
    await k.runtime.completeSetup(SETUP);
    expect(await alertsOf(k.call)).toEqual([{ alert: 'KEY_ESCROW_DUE', code: null, amount: null }]);
    k.files.save = join(tempDir(), 'desk-12.transfer.json');
    expect(await k.call('admin:exportTransfer', { passphrase: 'seven green apples at noon' })).toMatchObject({
      ok: true,
    });
    expect(await alertsOf(k.call)).toEqual([]);
    h.pass(31 * DAY);
    // A month later the admin's session has long ended (idle sign-out): they sign in again.
    expect(await k.call('admin:alerts')).toEqual({ ok: false, code: 'SESSION_EXPIRED' });
    await k.call('session:signIn', { login: 'admin', secret: SETUP.admin.secret });
    expect(await alertsOf(k.call)).toEqual([{ alert: 'KEY_ESCROW_DUE', code: null, amount: 31 }]);
  });

  it('names a face engine that cannot run', async () => {
    const k = open(tempDir(), {
      face: { analyze: () => Promise.reject(new Error('no engine')), unavailable: () => 'MODEL_MISSING' },
    });
    await k.runtime.completeSetup(SETUP);
    expect(await alertsOf(k.call)).toContainEqual({
      alert: 'FACE_ENGINE_UNAVAILABLE',
      code: 'MODEL_MISSING',
      amount: null,
    });
  });

  it('a failed purge at start is shown, not swallowed', async () => {
    const dir = tempDir();
    const k = open(dir);
    await k.runtime.completeSetup(SETUP);
    const db = k.runtime.services().store.connection;
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET desk_id = 'desk-9' WHERE seq = 1").run();
    await k.runtime.close();
    const again = open(dir);
    await again.call('session:signIn', { login: 'admin', secret: SETUP.admin.secret });
    expect(await alertsOf(again.call)).toContainEqual({
      alert: 'RETENTION_FAILED',
      code: 'AUDIT_CHAIN_BROKEN',
      amount: null,
    });
  });

  it('a clock far ahead at start is shown until an admin confirms it (audited)', async () => {
    const dir = tempDir();
    const h = hands();
    const k = open(dir, { time: h.source });
    await k.runtime.completeSetup(SETUP);
    await k.runtime.close();
    h.setWall(Date.parse('2032-12-01T08:00:00Z'));
    const again = open(dir, { time: h.source });
    await again.call('session:signIn', { login: 'admin', secret: SETUP.admin.secret });
    const clock = (await alertsOf(again.call)).find((a) => a.alert === 'CLOCK_AHEAD');
    expect(clock?.amount).toBeGreaterThan(6 * 365 * 24 * 60 - 24 * 60);
    expect(await again.call('admin:confirmClock')).toEqual({ ok: true, value: null });
    expect((await alertsOf(again.call)).map((a) => a.alert)).not.toContain('CLOCK_AHEAD');
    const events = again.runtime
      .services()
      .store.connection.prepare('SELECT event FROM audit_log')
      .pluck()
      .all();
    expect(events).toEqual(expect.arrayContaining(['clock_anomaly', 'clock_confirmed']));
  });
});

describe('admin:quit', () => {
  it('only an admin, only with their password again; audited before the shell is told', async () => {
    const quits: number[] = [];
    const k = open(tempDir(), { quit: () => quits.push(1) });
    await k.runtime.completeSetup(SETUP);
    await k.call('admin:createOperator', {
      login: 'dr.bekova',
      displayName: 'Dr Bekova',
      role: 'doctor',
      secret: 'long enough secret',
    });
    await k.call('session:signIn', { login: 'dr.bekova', secret: 'long enough secret' });
    expect(await k.call('admin:quit', { secret: 'long enough secret' })).toEqual({
      ok: false,
      code: 'NOT_AUTHORISED',
    });
    await k.call('session:signIn', { login: 'admin', secret: SETUP.admin.secret });
    expect(await k.call('admin:quit', { secret: 'not my password' })).toEqual({
      ok: false,
      code: 'AUTHENTICATION_FAILED',
    });
    expect(quits).toEqual([]);
    expect(await k.call('admin:quit', { secret: SETUP.admin.secret })).toEqual({ ok: true, value: null });
    expect(quits).toEqual([1]);
    const db = k.runtime.services().store.connection;
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE event = 'kiosk_quit'").pluck().get()).toBe(1);
    expect(k.runtime.operator).toBeNull();
  });
});
