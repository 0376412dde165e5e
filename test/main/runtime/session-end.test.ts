/**
 * Sessions end: the real KioskRuntime on real SQLite behind the real router, time from the desk
 * clock moved by hand. An operator left alone is signed out after the configured idle time (by the
 * heartbeat, or by the very next call), audited under their id, with their running visit cancelled;
 * the screen's polls do not keep a session alive, an action does; an account locked or removed
 * while signed in is signed out at the next call.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/shared/config-errors.ts';
import { defaultKioskConfig, parseKioskConfig } from '../../../src/core/config/kiosk-config.ts';
import { DEFAULT_IDLE_MINUTES, IDLE_WARNING_MS } from '../../../src/core/operators/idle-sign-out.ts';
import type { Role } from '../../../src/shared/roles.ts';
import { deskOn, SECRET, staff, type Desk } from '../../support/router-desk.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('session-end');
const MINUTE = 60_000;

/**
 * A set-up desk with a doctor and a registrar, nobody signed in; `idleMinutes`: what IT wrote into
 * the configuration file (the desk is then started again on it).
 */
async function staffedDesk(idleMinutes?: Partial<Record<Role, number>>): Promise<Desk> {
  const desk = await staff(deskOn(tempDir()));
  if (idleMinutes === undefined) return desk;
  await desk.runtime.close();
  const config = JSON.parse(readFileSync(desk.runtime.configPath, 'utf8')) as Record<string, unknown>;
  expect(config['sessions']).toEqual({ idleMinutes: DEFAULT_IDLE_MINUTES });
  config['sessions'] = { idleMinutes: { ...DEFAULT_IDLE_MINUTES, ...idleMinutes } };
  writeFileSync(desk.runtime.configPath, JSON.stringify(config));
  return deskOn(desk.dir, desk.clock);
}

describe('idle sign-out', () => {
  it('a doctor left alone is signed out by the heartbeat, audited, the running visit cancelled', async () => {
    // Two minutes (IT's choice): the visit's own first timeout (10 minutes) has not come yet.
    const desk = await staffedDesk({ doctor: 2 });
    const doctor = await desk.value<{ id: string }>('session:signIn', { login: 'dr.bekova', secret: SECRET });
    const { visitId } = await desk.value<{ visitId: string }>('visit:start');
    // The screen's own calls (the visit poll, the countdown poll) are not the doctor's action.
    for (let step = 0; step < 119; step += 1) {
      desk.clock.advance(1000);
      await desk.value('visit:view', { visitId });
      await desk.runtime.tick();
    }
    expect(await desk.value('session:idle')).toEqual({ remainingMs: 1000, warningMs: IDLE_WARNING_MS });
    expect(desk.runtime.services().desk.liveVisitIds()).toEqual([visitId]);

    desk.clock.advance(1000);
    await desk.runtime.tick();
    expect(desk.runtime.operator).toBeNull();
    expect(desk.audited('operator_signed_out')).toEqual([
      { operatorId: doctor.id, detail: JSON.stringify({ reason: 'idle' }) },
    ]);
    // Cancelled, not left to its timeouts: nobody is at the desk under the doctor's name any more.
    expect(desk.runtime.services().desk.liveVisitIds()).toEqual([]);
    expect(desk.audited('visit_abandoned').map((r) => r.operatorId)).toEqual([doctor.id]);
    // Every call says why, until someone signs in; the screen's question finds nobody.
    expect(await desk.call('visit:view', { visitId })).toEqual({ ok: false, code: 'SESSION_EXPIRED' });
    expect(await desk.call('session:idle')).toEqual({ ok: false, code: 'SESSION_EXPIRED' });
    expect(await desk.value('session:current')).toBeNull();
    expect(desk.runtime.services().verifyAudit().ok).toBe(true);

    await desk.value('session:signIn', { login: 'dr.bekova', secret: SECRET });
    expect(await desk.value('session:idle')).toEqual({ remainingMs: 2 * MINUTE, warningMs: IDLE_WARNING_MS });
    await desk.value('session:signOut');
    expect(await desk.call('session:idle')).toEqual({ ok: false, code: 'NOT_SIGNED_IN' });
  });

  it('by default a doctor has 10 minutes: the screen polling all along does not extend them', async () => {
    const desk = await staffedDesk();
    await desk.value('session:signIn', { login: 'dr.bekova', secret: SECRET });
    expect(await desk.value('session:idle')).toEqual({
      remainingMs: 10 * MINUTE,
      warningMs: IDLE_WARNING_MS,
    });
    for (let step = 0; step < 19; step += 1) {
      desk.clock.advance(30_000);
      await desk.value('session:idle');
      await desk.value('clinic:syncState');
      await desk.runtime.tick();
    }
    expect(await desk.value('session:idle')).toEqual({ remainingMs: 30_000, warningMs: IDLE_WARNING_MS });
    desk.clock.advance(30_000);
    await desk.runtime.tick();
    expect(desk.runtime.operator).toBeNull();
  });

  it('an action restarts the time; the first call after it ran out is refused and audited once, before the heartbeat', async () => {
    const desk = await staffedDesk();
    await desk.value('session:signIn', { login: 'reg.saule', secret: SECRET });
    desk.clock.advance(9 * MINUTE);
    await desk.value('session:touch');
    desk.clock.advance(9 * MINUTE);
    await desk.runtime.tick();
    // 18 minutes after sign-in, 9 after the last action: the last minute, counted down.
    expect(await desk.value('session:idle')).toEqual({ remainingMs: MINUTE, warningMs: IDLE_WARNING_MS });
    await desk.value('patient:findByName', { familyName: 'Ахметова' });
    desk.clock.advance(10 * MINUTE);
    // No heartbeat in between: the call itself finds the session over.
    expect(await desk.call('patient:findByName', { familyName: 'Ахметова' })).toEqual({
      ok: false,
      code: 'SESSION_EXPIRED',
    });
    await desk.runtime.tick();
    expect(await desk.call('patient:findByName', { familyName: 'Ахметова' })).toEqual({
      ok: false,
      code: 'SESSION_EXPIRED',
    });
    expect(desk.audited('operator_signed_out')).toEqual([
      { operatorId: desk.operatorId('reg.saule'), detail: JSON.stringify({ reason: 'idle' }) },
    ]);
  });

  it('an admin is signed out after 3 minutes; the desk configuration sets each role its own time', async () => {
    const desk = await staffedDesk();
    await desk.value('session:signIn', { login: 'admin', secret: SECRET });
    desk.clock.advance(3 * MINUTE - 1);
    await desk.runtime.tick();
    expect(desk.runtime.operator?.role).toBe('admin');
    desk.clock.advance(1);
    await desk.runtime.tick();
    expect(desk.runtime.operator).toBeNull();

    // IT gives registrars 2 minutes in the configuration file; the desk starts again with it.
    const again = await staffedDesk({ registrar: 2 });
    await again.value('session:signIn', { login: 'reg.saule', secret: SECRET });
    again.clock.advance(2 * MINUTE);
    expect(await again.call('session:idle')).toEqual({ ok: false, code: 'SESSION_EXPIRED' });
  });
});

describe('the operator is read again on every call', () => {
  it('a doctor whose account is locked by wrong passwords typed at this desk is signed out at the next call', async () => {
    const desk = await staffedDesk();
    const doctor = await desk.value<{ id: string }>('session:signIn', { login: 'dr.bekova', secret: SECRET });
    const { visitId } = await desk.value<{ visitId: string }>('visit:start');
    // Someone at the desk tries the doctor's login: five wrong passwords lock the account.
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const answer = await desk.call('session:signIn', { login: 'dr.bekova', secret: 'a wrong guess' });
      expect(answer).toEqual({
        ok: false,
        code: attempt < 5 ? 'AUTHENTICATION_FAILED' : 'OPERATOR_LOCKED',
      });
    }
    // The runtime still holds the doctor from before: the call reads the account again.
    expect(desk.runtime.operator?.id).toBe(doctor.id);
    expect(await desk.call('visit:view', { visitId })).toEqual({ ok: false, code: 'SESSION_REVOKED' });
    expect(desk.runtime.operator).toBeNull();
    expect(desk.runtime.services().desk.liveVisitIds()).toEqual([]);
    expect(desk.audited('operator_signed_out')).toEqual([
      { operatorId: doctor.id, detail: JSON.stringify({ reason: 'locked' }) },
    ]);
    expect(await desk.call('visit:start')).toEqual({ ok: false, code: 'SESSION_REVOKED' });
    expect(await desk.call('session:signIn', { login: 'dr.bekova', secret: SECRET })).toEqual({
      ok: false,
      code: 'OPERATOR_LOCKED',
    });
  });

  it("a lock written by another path (the clinic's pulled account) and a removed account both end the session", async () => {
    const desk = await staffedDesk();
    await desk.value('session:signIn', { login: 'reg.saule', secret: SECRET });
    const registrar = desk.operatorId('reg.saule');
    const store = desk.runtime.services().store;
    store.write((tx) => store.rows.operators.lock(tx, registrar));
    // Even the countdown's poll, which is not an action, finds the lock.
    expect(await desk.call('session:idle')).toEqual({ ok: false, code: 'SESSION_REVOKED' });

    await desk.value('session:signIn', { login: 'dr.bekova', secret: SECRET });
    const doctor = desk.operatorId('dr.bekova');
    store.connection.prepare('DELETE FROM operator WHERE id = ?').run(doctor);
    expect(await desk.call('patient:findByName', { familyName: 'Ахметова' })).toEqual({
      ok: false,
      code: 'SESSION_REVOKED',
    });
    expect(desk.audited('operator_signed_out')).toEqual([
      { operatorId: registrar, detail: JSON.stringify({ reason: 'locked' }) },
      { operatorId: doctor, detail: JSON.stringify({ reason: 'removed' }) },
    ]);
    expect(desk.runtime.services().verifyAudit().ok).toBe(true);
  });

  it('failed sign-ins by someone else do not keep the signed-in operator alive', async () => {
    const desk = await staffedDesk();
    await desk.value('session:signIn', { login: 'admin', secret: SECRET });
    desk.clock.advance(2 * 60_000);
    await desk.call('session:signIn', { login: 'reg.saule', secret: 'a wrong guess' });
    expect(await desk.value('session:idle')).toEqual({ remainingMs: 60_000, warningMs: IDLE_WARNING_MS });
  });
});

describe('signing in as someone else', () => {
  it("ends the previous operator's session and running visit (audited); a failed attempt changes nothing", async () => {
    const desk = await staffedDesk();
    const doctor = await desk.value<{ id: string }>('session:signIn', { login: 'dr.bekova', secret: SECRET });
    const { visitId } = await desk.value<{ visitId: string }>('visit:start');
    expect(await desk.call('session:signIn', { login: 'reg.saule', secret: 'a wrong guess' })).toEqual({
      ok: false,
      code: 'AUTHENTICATION_FAILED',
    });
    expect(desk.runtime.operator?.id).toBe(doctor.id);
    expect(desk.runtime.services().desk.liveVisitIds()).toEqual([visitId]);
    // The doctor signing in again keeps their own visit.
    await desk.value('session:signIn', { login: 'dr.bekova', secret: SECRET });
    expect(desk.runtime.services().desk.liveVisitIds()).toEqual([visitId]);
    expect(desk.audited('operator_signed_out')).toEqual([]);

    const registrar = await desk.value<{ id: string }>('session:signIn', {
      login: 'reg.saule',
      secret: SECRET,
    });
    expect(desk.runtime.operator?.id).toBe(registrar.id);
    expect(desk.runtime.services().desk.liveVisitIds()).toEqual([]);
    expect(desk.audited('visit_abandoned').map((r) => r.operatorId)).toEqual([doctor.id]);
    expect(desk.audited('operator_signed_out')).toEqual([
      { operatorId: doctor.id, detail: JSON.stringify({ reason: 'replaced' }) },
    ]);
    // The registrar's session is a fresh one: not ended, with its own idle time.
    expect(await desk.value('session:idle')).toEqual({
      remainingMs: 10 * MINUTE,
      warningMs: IDLE_WARNING_MS,
    });
  });
});

describe('the lock after wrong passwords', () => {
  it('lasts 15 minutes, then 30, doubling; audited when it runs out; an admin may unlock it sooner', async () => {
    const desk = await staffedDesk();
    const wrong = () => desk.call('session:signIn', { login: 'dr.bekova', secret: 'a wrong guess' });
    const right = () => desk.call('session:signIn', { login: 'dr.bekova', secret: SECRET });
    const locked = { ok: false, code: 'OPERATOR_LOCKED' };
    for (let n = 0; n < 4; n += 1) expect(await wrong()).toMatchObject({ code: 'AUTHENTICATION_FAILED' });
    expect(await wrong()).toEqual(locked);
    desk.clock.advance(15 * MINUTE - 1000);
    expect(await right()).toEqual(locked);
    desk.clock.advance(1000);
    expect(desk.audited('operator_unlocked')).toEqual([]);
    // The lock ran out: the attempt counts afresh; five wrong ones lock it again, for twice as long.
    for (let n = 0; n < 4; n += 1) expect(await wrong()).toMatchObject({ code: 'AUTHENTICATION_FAILED' });
    expect(desk.audited('operator_unlocked')).toEqual([
      { operatorId: 'system', detail: JSON.stringify({ account: desk.operatorId('dr.bekova') }) },
    ]);
    expect(await wrong()).toEqual(locked);
    desk.clock.advance(15 * MINUTE);
    expect(await right()).toEqual(locked);
    desk.clock.advance(15 * MINUTE);
    expect(await right()).toMatchObject({ ok: true });
    // A right password ends the back-off: the next lock is 15 minutes again.
    for (let n = 0; n < 5; n += 1) await wrong();
    desk.clock.advance(15 * MINUTE);
    expect(await right()).toMatchObject({ ok: true });
    // An admin does not wait: unlocked at once.
    for (let n = 0; n < 5; n += 1) await wrong();
    await desk.value('session:signIn', { login: 'admin', secret: SECRET });
    await desk.value('admin:unlockOperator', { operatorId: desk.operatorId('dr.bekova') });
    expect(await right()).toMatchObject({ ok: true });
    expect(desk.runtime.services().verifyAudit().ok).toBe(true);
  });
});

describe('unknown logins', () => {
  it('after five in a row every sign-in pauses, 30 s doubling per further one; a sign-in ends the run', async () => {
    const desk = await staffedDesk();
    const attempt = (login: string, secret = 'a wrong guess') =>
      desk.call('session:signIn', { login, secret });
    const failed = { ok: false, code: 'AUTHENTICATION_FAILED' };
    const paused = { ok: false, code: 'SIGN_IN_THROTTLED' };
    for (let n = 0; n < 5; n += 1) expect(await attempt(`guess.${n}`)).toEqual(failed);
    // Every login pauses, the right password of a real account too: a pause for unknown logins
    // only would tell the guesser which logins exist.
    expect(await attempt('dr.bekova', SECRET)).toEqual(paused);
    expect(await attempt('guess.5')).toEqual(paused);
    const refusalsAudited = desk.audited('operator_login_failed').length;
    expect(refusalsAudited).toBe(5);
    desk.clock.advance(30_000);
    // The sixth unknown login: the next pause is 60 s.
    expect(await attempt('guess.6')).toEqual(failed);
    desk.clock.advance(59_000);
    expect(await attempt('dr.bekova', SECRET)).toEqual(paused);
    desk.clock.advance(1000);
    await desk.value('session:signIn', { login: 'dr.bekova', secret: SECRET });
    // The run is over: the next unknown login is the first of a new one.
    expect(await attempt('guess.7')).toEqual(failed);
    expect(await attempt('reg.saule', SECRET)).toMatchObject({ ok: true });
  });

  it('a restart of the app keeps the pause, which still ends on time', async () => {
    const desk = await staffedDesk();
    const attempt = (d: Desk, login: string, secret = 'a wrong guess') =>
      d.call('session:signIn', { login, secret });
    for (let n = 0; n < 5; n += 1) await attempt(desk, `guess.${n}`);
    // Five unknown logins: a 30 s pause. The guesser pulls the plug and starts the kiosk again.
    await desk.runtime.close();
    const again = deskOn(desk.dir, desk.clock);
    const paused = { ok: false, code: 'SIGN_IN_THROTTLED' };
    expect(await attempt(again, 'dr.bekova', SECRET)).toEqual(paused);
    again.clock.advance(29_000);
    expect(await attempt(again, 'guess.5')).toEqual(paused);
    // The run survived too: the next unknown login after the pause doubles it to 60 s.
    again.clock.advance(1000);
    expect(await attempt(again, 'guess.5')).toEqual({ ok: false, code: 'AUTHENTICATION_FAILED' });
    await again.runtime.close();
    const third = deskOn(desk.dir, desk.clock);
    third.clock.advance(59_000);
    expect(await attempt(third, 'dr.bekova', SECRET)).toEqual(paused);
    third.clock.advance(1000);
    expect(await attempt(third, 'dr.bekova', SECRET)).toMatchObject({ ok: true });
    // The sign-in ended the run, in the database too: after another restart nothing pauses.
    await third.runtime.close();
    const fourth = deskOn(desk.dir, desk.clock);
    expect(await attempt(fourth, 'guess.8')).toEqual({ ok: false, code: 'AUTHENTICATION_FAILED' });
    expect(await attempt(fourth, 'reg.saule', SECRET)).toMatchObject({ ok: true });
  });
});

describe('the password again before a transfer file, a backup or a settings change', () => {
  it('fresh for two minutes after it was typed; after that refused until typed again, and nothing is done', async () => {
    const desk = await staffedDesk();
    await desk.value('session:signIn', { login: 'admin', secret: SECRET });
    desk.files.save = join(desk.dir, 'backup-1.tanubak');
    expect(await desk.value('admin:backupNow')).toEqual({ path: desk.files.save });

    desk.clock.advance(2 * MINUTE + 1000);
    const configBefore = readFileSync(desk.runtime.configPath, 'utf8');
    const settingsChanges = desk.audited('settings_changed').length;
    const transfer = join(desk.dir, 'desk.transfer.json');
    desk.files.save = transfer;
    const refused = { ok: false, code: 'PASSWORD_REQUIRED' };
    expect(await desk.call('admin:exportTransfer', { passphrase: 'seven green apples at noon' })).toEqual(
      refused,
    );
    expect(existsSync(transfer)).toBe(false);
    expect(desk.audited('desk_transfer_exported')).toEqual([]);
    desk.files.save = join(desk.dir, 'backup-2.tanubak');
    expect(await desk.call('admin:backupNow')).toEqual(refused);
    expect(await desk.call('admin:backupOffDesk', { passphrase: 'seven green apples at noon' })).toEqual(
      refused,
    );
    expect(existsSync(desk.files.save)).toBe(false);
    expect(await desk.call('admin:updateSettings', { slipAllowed: false })).toEqual(refused);
    expect(readFileSync(desk.runtime.configPath, 'utf8')).toBe(configBefore);
    expect(desk.audited('settings_changed')).toHaveLength(settingsChanges);
    // Reading is not sensitive; the admin is still signed in.
    await desk.value('admin:getSettings');

    expect(await desk.call('session:confirmPassword', { secret: 'not the password' })).toEqual({
      ok: false,
      code: 'AUTHENTICATION_FAILED',
    });
    expect(await desk.call('admin:updateSettings', { slipAllowed: false })).toEqual(refused);
    await desk.value('session:confirmPassword', { secret: SECRET });
    desk.files.save = transfer;
    expect(await desk.value('admin:exportTransfer', { passphrase: 'seven green apples at noon' })).toEqual({
      path: transfer,
    });
    expect(await desk.value('admin:updateSettings', { slipAllowed: false })).toMatchObject({
      slipAllowed: false,
    });
    desk.clock.advance(2 * MINUTE + 1000);
    expect(await desk.call('admin:updateSettings', { slipAllowed: true })).toEqual(refused);
  });
});

describe('the idle times in the desk configuration', () => {
  const base = defaultKioskConfig({
    clinicId: 'pol-5',
    clinicName: 'Емхана №5',
    timeZone: 'Asia/Almaty',
    callNumber: '+7 727 300 00 00',
    deskId: 'desk-12',
  });

  it('a file written before sessions ended gets the defaults: doctor and registrar 10, admin 3', () => {
    const { sessions: _dropped, ...older } = base;
    expect(parseKioskConfig(older).sessions).toEqual({
      idleMinutes: { doctor: 10, registrar: 10, admin: 3 },
    });
  });

  it.each([0, 61, 2.5, '10'])('%j minutes is refused, naming the key', (minutes) => {
    const config = { ...base, sessions: { idleMinutes: { ...DEFAULT_IDLE_MINUTES, doctor: minutes } } };
    try {
      parseKioskConfig(config);
      expect.unreachable('the configuration was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('sessions.idleMinutes.doctor');
    }
  });

  it('every role needs its time, and no other key is taken', () => {
    const { admin: _admin, ...noAdmin } = DEFAULT_IDLE_MINUTES;
    expect(() => parseKioskConfig({ ...base, sessions: { idleMinutes: noAdmin } })).toThrow(ConfigError);
    expect(() =>
      parseKioskConfig({ ...base, sessions: { idleMinutes: { ...DEFAULT_IDLE_MINUTES, nurse: 5 } } }),
    ).toThrow(ConfigError);
  });
});
