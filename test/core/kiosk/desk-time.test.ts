/**
 * The desk's measured time in the running services, on a real SQLite file: a wall clock moved six
 * years ahead (between runs or while running) purges nothing and is in the audit; a clock set back
 * an hour does not hand out a second batch of codes; deleting or swapping the sealed time mark
 * does not wind the desk back.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import { defaultKioskConfig } from '../../../src/core/config/kiosk-config.ts';
import { keyFileProvider } from '../../../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../../../src/core/crypto/subkeys.ts';
import { offlineChannel } from '../../../src/core/delivery/offline-channel.ts';
import { loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';
import { openKioskServices, type KioskServices } from '../../../src/core/kiosk/kiosk-services.ts';
import { DATABASE_FILE_NAME } from '../../../src/core/store/database.ts';
import type { TimeSource } from '../../../src/core/time/desk-clock.ts';
import { TIME_MARK_FILE_NAME } from '../../../src/core/time/time-mark.ts';
import { newPatient } from '../../support/registry.ts';
import { NO_FACE } from '../../support/runtime.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const tempDir = useTempDir('desk-time');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const SIX_YEARS = 6 * 365 * DAY;
const T0 = Date.parse('2026-12-02T08:00:00.000Z');
const config = (deskId = 'desk-1') =>
  defaultKioskConfig({
    clinicId: 'pol-5',
    clinicName: 'Емхана №5',
    timeZone: 'Asia/Almaty',
    callNumber: '+7 727 300 00 00',
    deskId,
  });

/** The OS clocks, moved by hand: `pass` is real time, `setWall` a user at the clock settings. */
function hands() {
  let wall = T0;
  let mono = 1_000;
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
    /** A restart: the monotonic clock starts again from another origin. */
    reboot: () => {
      mono = 42;
    },
  };
}

function open(dir: string, time: TimeSource, deskId = 'desk-1'): KioskServices {
  return openKioskServices({
    dbPath: join(dir, DATABASE_FILE_NAME),
    keys: deriveSubkeys(keyFileProvider(join(dir, 'data.key'), { create: true })),
    config: config(deskId),
    face: NO_FACE,
    rule: loadDecisionRule(),
    modelVersion: 'tanu-test',
    gateway: offlineChannel,
    time,
    outboxIntervalMs: null,
    retentionIntervalMs: null,
  });
}

/** A desk with an admin, a patient and some history. */
function busyDesk(s: KioskServices) {
  const admin = s.operators.create(
    { login: 'adm', displayName: 'Admin', role: 'admin', secret: 'long enough secret' },
    { operatorId: 'system', deskId: 'desk-1' },
  );
  const actor = { operatorId: admin.id, deskId: 'desk-1' };
  const patient = s.patients.register(newPatient(), actor);
  return { actor, patient };
}

const rows = (s: KioskServices) =>
  s.store.connection.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
const events = (s: KioskServices, event: string) =>
  s.store.connection
    .prepare('SELECT detail FROM audit_log WHERE event = ? ORDER BY seq')
    .pluck()
    .all(event) as string[];

describe('the desk clock in the running services', () => {
  it('six years ahead between runs: nothing is purged, the anomaly is in the chain, an admin confirms', async () => {
    const dir = tempDir();
    const h = hands();
    let s = open(dir, h.source);
    const { actor } = busyDesk(s);
    const before = rows(s);
    await s.close();

    h.reboot();
    h.setWall(T0 + SIX_YEARS);
    s = open(dir, h.source);
    expect(s.purgeStatus()).toEqual({ ok: false, code: 'CLOCK_UNTRUSTED' });
    expect(rows(s)).toBe(before + 1);
    const [anomaly] = events(s, 'clock_anomaly');
    expect(JSON.parse(anomaly ?? 'null')).toMatchObject({ kind: 'ahead', minutes: SIX_YEARS / MIN });
    expect(verifyChain(s.store.rows.audit, s.keys['audit-chain'])).toMatchObject({
      ok: true,
      rows: before + 1,
    });
    // The daily purge is refused too until someone answers for the clock.
    s.purge();
    expect(s.purgeStatus()).toEqual({ ok: false, code: 'CLOCK_UNTRUSTED' });
    expect(rows(s)).toBe(before + 1);
    await s.close();

    // Still ahead at the next start, still refused: the mark did not follow the suspect clock.
    h.reboot();
    s = open(dir, h.source);
    expect(s.purgeStatus()).toEqual({ ok: false, code: 'CLOCK_UNTRUSTED' });
    s.confirmClock(actor);
    expect(s.purgeStatus()).toEqual({ ok: true });
    expect(JSON.parse(events(s, 'clock_confirmed')[0] ?? 'null')).toMatchObject({ kind: 'confirmed' });
    // Confirmed by an admin, the purge ran: six years are past the retention period, so the history
    // before the anomaly went, and the anomaly and the confirmation (newer than the cut-off) stayed.
    const purges = events(s, 'audit_purged').map((d) => JSON.parse(d) as { auditRows: number });
    expect(purges.at(-1)?.auditRows).toBeGreaterThanOrEqual(before);
    expect(events(s, 'clock_anomaly')).toHaveLength(2);
    expect(verifyChain(s.store.rows.audit, s.keys['audit-chain']).ok).toBe(true);
    await s.close();
  });

  it('six years ahead while running: the desk keeps its time, says so once, and purges nothing', async () => {
    const dir = tempDir();
    const h = hands();
    const s = open(dir, h.source);
    busyDesk(s);
    const before = rows(s);
    h.pass(MIN);
    h.setWall(T0 + MIN + SIX_YEARS);
    await s.tick();
    await s.tick();
    expect(s.clock.now().toISOString()).toBe('2026-12-02T08:01:00.000Z');
    const changed = events(s, 'clock_changed').map((d) => JSON.parse(d) as { minutes: number });
    expect(changed).toEqual([expect.objectContaining({ kind: 'changed', minutes: SIX_YEARS / MIN })]);
    s.purge();
    expect(s.purgeStatus()).toEqual({ ok: true });
    // The purge at start and this one; this one removed nothing of the history.
    const purges = events(s, 'audit_purged').map((d) => JSON.parse(d) as { auditRows: number });
    expect(purges).toHaveLength(2);
    expect(purges[1]?.auditRows).toBe(0);
    expect(rows(s)).toBe(before + 2);
    await s.close();
  });

  it('set back an hour at restart: time goes on from the mark, and the hour still allows three codes', async () => {
    const dir = tempDir();
    const h = hands();
    let s = open(dir, h.source);
    const { actor, patient } = busyDesk(s);
    for (let i = 0; i < 3; i += 1) s.codes.issue(patient.id, randomUUID(), actor, s.clock.now());
    expect(typedCode(() => s.codes.issue(patient.id, randomUUID(), actor, s.clock.now()))).toBe(
      'CODE_RATE_LIMITED',
    );
    h.pass(5 * MIN);
    await s.close();

    h.reboot();
    h.setWall(T0 + 5 * MIN - 60 * MIN);
    s = open(dir, h.source);
    expect(s.time.clock.verdict).toMatchObject({ trusted: false, kind: 'behind' });
    expect(s.clock.now().getTime()).toBeGreaterThanOrEqual(T0 + 5 * MIN);
    expect(typedCode(() => s.codes.issue(patient.id, randomUUID(), actor, s.clock.now()))).toBe(
      'CODE_RATE_LIMITED',
    );
    const times = s.store.connection
      .prepare('SELECT at FROM audit_log ORDER BY seq')
      .pluck()
      .all() as string[];
    expect([...times].sort()).toEqual(times);
    expect(JSON.parse(events(s, 'clock_anomaly')[0] ?? 'null')).toMatchObject({
      kind: 'behind',
      minutes: -60,
    });
    await s.close();
  });

  it('the sealed mark deleted or swapped for another desk’s: the newest audit row still holds the time', async () => {
    const dir = tempDir();
    const other = tempDir();
    const h = hands();
    let s = open(dir, h.source);
    busyDesk(s);
    h.pass(30 * MIN);
    await s.close();
    const o = open(other, hands().source, 'desk-2');
    await o.close();

    h.reboot();
    h.setWall(T0 - 10 * DAY);
    rmSync(join(dir, TIME_MARK_FILE_NAME));
    s = open(dir, h.source);
    expect(s.time.clock.verdict).toMatchObject({ trusted: false, kind: 'behind' });
    await s.close();

    h.reboot();
    copyFileSync(join(other, TIME_MARK_FILE_NAME), join(dir, TIME_MARK_FILE_NAME));
    s = open(dir, h.source);
    expect(s.time.markUnreadable).toBe(true);
    expect(s.time.clock.verdict).toMatchObject({ trusted: false, kind: 'behind' });
    await s.close();
  });
});
