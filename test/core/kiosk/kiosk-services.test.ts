/**
 * The composition root as the app opens it: the retention purge runs at start with the configured
 * period (chain anchored, a volunteered refusal reason erased with its period), and a broken chain
 * purges nothing and is reported.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultKioskConfig } from '../../../src/core/config/kiosk-config.ts';
import { keyFileProvider } from '../../../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../../../src/core/crypto/subkeys.ts';
import { offlineChannel } from '../../../src/core/delivery/offline-channel.ts';
import { loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';
import { openKioskServices } from '../../../src/core/kiosk/kiosk-services.ts';
import { DATABASE_FILE_NAME } from '../../../src/core/store/database.ts';
import { newPatient } from '../../support/registry.ts';
import { NO_FACE } from '../../support/runtime.ts';
import { manualClock, openTestStore } from '../../support/store.ts';
import { CHAIN_HEAD_FILE_NAME } from '../../../src/core/audit/chain-head-file.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('kiosk-services');
const CONFIG = defaultKioskConfig({
  clinicId: 'pol-5',
  clinicName: 'Емхана №5',
  timeZone: 'Asia/Almaty',
  callNumber: '+7 727 300 00 00',
  deskId: 'desk-1',
});

function open(dir: string, clock: ReturnType<typeof manualClock>, onRetentionError?: (e: unknown) => void) {
  return openKioskServices({
    dbPath: join(dir, DATABASE_FILE_NAME),
    keys: deriveSubkeys(keyFileProvider(join(dir, 'data.key'), { create: true })),
    config: CONFIG,
    face: NO_FACE,
    rule: loadDecisionRule(),
    modelVersion: 'tanu-test',
    gateway: offlineChannel,
    clock,
    outboxIntervalMs: null,
    retentionIntervalMs: null,
    ...(onRetentionError ? { onRetentionError } : {}),
  });
}

describe('openKioskServices', () => {
  it('purges at start with the configured period; an old refusal reason goes with its period', async () => {
    const dir = tempDir();
    const clock = manualClock('2026-01-10T09:00:00Z');
    let s = open(dir, clock);
    const actor = { operatorId: randomUUID(), deskId: 'desk-1' };
    const admin = s.operators.create(
      { login: 'dr.a', displayName: 'Dr A', role: 'admin', secret: 'long enough secret' },
      {
        operatorId: 'system',
        deskId: 'desk-1',
      },
    );
    const patient = s.patients.register(newPatient(), actor);
    const v = s.desk.start(actor, 'Dr A');
    await s.desk.selectPatient(v.visitId, patient.id);
    await s.desk.chooseVisitType(v.visitId, 'in-person');
    await s.desk.refuseConsent(v.visitId, 'no photos please');
    await s.close();
    const reason = () => s.store.connection.prepare('SELECT refusal_reason FROM visit').pluck().get();

    // A desk off for longer than two weeks does not believe its clock on its own: nothing is purged
    // until an admin confirms it (time/desk-clock.ts), and then the purge runs at once.
    const adminActor = { operatorId: admin.id, deskId: 'desk-1' };
    clock.advance(100 * 24 * 60 * 60 * 1000);
    s = open(dir, clock);
    expect(s.purgeStatus()).toEqual({ ok: false, code: 'CLOCK_UNTRUSTED' });
    s.confirmClock(adminActor);
    expect(s.purgeStatus()).toEqual({ ok: true });
    expect(reason()).toBe('no photos please');
    await s.close();

    clock.advance(CONFIG.retention.auditDays * 24 * 60 * 60 * 1000);
    s = open(dir, clock);
    expect(reason()).toBe('no photos please');
    s.confirmClock(adminActor);
    expect(reason()).toBeNull();
    // Every run records itself; the first run's row has aged out with the rest of its period.
    const runs = s.store.connection
      .prepare("SELECT at FROM audit_log WHERE event = 'audit_purged' ORDER BY seq")
      .pluck()
      .all();
    expect(runs).toEqual(['2026-04-20T09:00:00.000Z', clock.now().toISOString()]);
    expect(
      s.store.connection
        .prepare("SELECT count(*) FROM audit_log WHERE event = 'consent_refused'")
        .pluck()
        .get(),
    ).toBe(0);
    await s.close();
  });

  it('a broken chain purges nothing at start and is reported', async () => {
    const dir = tempDir();
    const clock = manualClock('2026-01-10T09:00:00Z');
    let s = open(dir, clock);
    s.operators.create(
      { login: 'adm', displayName: 'A', role: 'admin', secret: 'long enough secret' },
      {
        operatorId: 'system',
        deskId: 'desk-1',
      },
    );
    s.store.connection.exec('DROP TRIGGER audit_log_no_update');
    s.store.connection.prepare("UPDATE audit_log SET desk_id = 'desk-9'").run();
    await s.close();
    const errors: unknown[] = [];
    clock.advance(2000 * 24 * 60 * 60 * 1000);
    s = open(dir, clock, (e) => errors.push(e));
    expect(errors).toHaveLength(1);
    expect((errors[0] as { code?: string }).code).toBe('AUDIT_CHAIN_BROKEN');
    expect(s.store.connection.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBeGreaterThan(0);
    await s.close();
  });

  it('the first start of a desk from before the sealed head (an upgrade) writes one and says so, once', async () => {
    const dir = tempDir();
    // The database as an earlier Tanu left it: audit rows, no chain-head.sealed, no chain_head_started.
    const old = openTestStore(dir);
    old.record({
      operatorId: randomUUID(),
      deskId: 'desk-1',
      patientId: randomUUID(),
      event: 'consent_given',
    });
    old.store.close();
    const headFile = join(dir, CHAIN_HEAD_FILE_NAME);
    expect(existsSync(headFile)).toBe(false);
    const clock = manualClock('2026-11-22T09:05:00Z');
    let s = open(dir, clock);
    const started = () =>
      s.store.connection
        .prepare("SELECT seq FROM audit_log WHERE event = 'chain_head_started'")
        .pluck()
        .all();
    expect(started()).toEqual([2]);
    expect(existsSync(headFile)).toBe(true);
    expect(s.verifyAudit()).toMatchObject({ ok: true });
    await s.close();
    s = open(dir, clock);
    expect(started()).toEqual([2]);
    await s.close();
  });
});
