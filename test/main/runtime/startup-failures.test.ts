/**
 * A desk that cannot start says why and offers only its recovery; it never starts as an empty
 * desk and never makes a new data key for records that exist. Real files in a temporary folder:
 * the database deleted, emptied or damaged, the key deleted or swapped, the settings file gone, the
 * shipped rule broken; then the recovery from the desk's own transfer file, and its refusals.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECISION_RULE_FILE, loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';
import { CURRENT_PIPELINE } from '../../../src/core/face/pipelines.ts';
import { createKioskRouter } from '../../../src/main/ipc/kiosk-router.ts';
import { newPatient } from '../../support/registry.ts';
import { testRuntime } from '../../support/runtime.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedRejection } from '../../support/typed-errors.ts';

const tempDir = useTempDir('startup-failures');
const PASSPHRASE = 'seven green apples at noon';
const SETUP = {
  clinicId: 'pol-5',
  clinicName: 'Емхана №5',
  timeZone: 'Asia/Almaty',
  callNumber: '+7 727 300 00 00',
  deskId: 'desk-12',
  admin: { login: 'admin', displayName: 'Admin', secret: 'long enough secret' },
};

/** A set-up desk with one patient and its transfer file; closed. */
async function desk(deskId = 'desk-12') {
  const dir = tempDir();
  const t = testRuntime(dir);
  await t.runtime.completeSetup({ ...SETUP, deskId });
  const s = t.runtime.services();
  const actor = { operatorId: t.runtime.operator?.id ?? '', deskId };
  const patient = s.patients.register(newPatient(), actor);
  t.files.save = join(tempDir(), `${deskId}.transfer.json`);
  const transfer = await t.runtime.exportTransfer(PASSPHRASE);
  await t.runtime.close();
  return { dir, patient, transfer: transfer ?? '' };
}

const dbFile = (dir: string) => join(dir, 'tanu.sqlite');
const keyFile = (dir: string) => join(dir, 'data.key');
const configFile = (dir: string) => join(dir, 'tanu.config.json');

function auditRows(dir: string): number {
  const db = new Database(dbFile(dir), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
  } finally {
    db.close();
  }
}

function removeDatabase(dir: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile(dir)}${suffix}`, { force: true });
}

describe('a desk that cannot start', () => {
  it('with its database deleted: DATABASE_MISSING, no new database, setup refused', async () => {
    const d = await desk();
    removeDatabase(d.dir);
    const { runtime } = testRuntime(d.dir);
    expect(runtime.startupFailure?.problem).toBe('DATABASE_MISSING');
    expect(existsSync(dbFile(d.dir))).toBe(false);
    expect(await typedRejection(runtime.completeSetup(SETUP))).toBe('SETUP_DONE');
    expect(await typedRejection(Promise.resolve().then(() => runtime.services()))).toBe('STARTUP_FAILED');
    expect(existsSync(dbFile(d.dir))).toBe(false);
  });

  it('with its database emptied to zero bytes: DATABASE_MISSING, the file is left as it was', async () => {
    const d = await desk();
    removeDatabase(d.dir);
    writeFileSync(dbFile(d.dir), '');
    const { runtime } = testRuntime(d.dir);
    expect(runtime.startupFailure?.problem).toBe('DATABASE_MISSING');
    expect(statSync(dbFile(d.dir)).size).toBe(0);
  });

  it('with its database damaged: DATABASE_CORRUPT', async () => {
    const d = await desk();
    removeDatabase(d.dir);
    writeFileSync(dbFile(d.dir), randomBytes(64 * 1024));
    const { runtime } = testRuntime(d.dir);
    expect(runtime.startupFailure?.problem).toBe('DATABASE_CORRUPT');
  });

  it('with another key in place of its own: KEY_WRONG, and nothing is written with it', async () => {
    const d = await desk();
    const before = auditRows(d.dir);
    writeFileSync(keyFile(d.dir), randomBytes(32), { mode: 0o600 });
    const { runtime } = testRuntime(d.dir);
    expect(runtime.startupFailure?.problem).toBe('KEY_WRONG');
    expect(auditRows(d.dir)).toBe(before);
  });

  it('with its decision rule broken: DECISION_RULE_INVALID, the database untouched', async () => {
    const d = await desk();
    const before = auditRows(d.dir);
    const { runtime } = testRuntime(d.dir, {
      rule: () => {
        throw new Error('The decision rule resources/decision-rule.json is invalid at "threshold"');
      },
    });
    expect(runtime.startupFailure?.problem).toBe('DECISION_RULE_INVALID');
    expect(auditRows(d.dir)).toBe(before);
  });

  it('with its decision rule loosened (valid, within the caps, but not the pinned file): refused the same way', async () => {
    const d = await desk();
    const before = auditRows(d.dir);
    const shipped = JSON.parse(readFileSync(DEFAULT_DECISION_RULE_FILE, 'utf8')) as {
      rules: Record<string, { threshold: number }>;
    };
    const current = shipped.rules[CURRENT_PIPELINE];
    if (current) current.threshold = 0.59;
    const loosened = join(d.dir, 'decision-rule.json');
    writeFileSync(loosened, JSON.stringify(shipped));
    const { runtime } = testRuntime(d.dir, { rule: () => loadDecisionRule(loosened) });
    expect(runtime.startupFailure?.problem).toBe('DECISION_RULE_INVALID');
    expect(runtime.startupFailure?.message).toMatch(/not the one this version of Tanu was calibrated with/);
    expect(auditRows(d.dir)).toBe(before);
  });
});

describe('its data key deleted', () => {
  it('is KEY_MISSING and no new key is made; the transfer file brings the same key back', async () => {
    const d = await desk();
    const original = readFileSync(keyFile(d.dir));
    rmSync(keyFile(d.dir));
    const t = testRuntime(d.dir);
    expect(t.runtime.startupFailure?.problem).toBe('KEY_MISSING');
    expect(existsSync(keyFile(d.dir))).toBe(false);

    t.files.open = { transfer: d.transfer };
    expect(await typedRejection(t.runtime.recoverFromTransfer('not the passphrase'))).toBe('DECRYPT_FAILED');
    expect(existsSync(keyFile(d.dir))).toBe(false);

    await t.runtime.recoverFromTransfer(PASSPHRASE);
    expect(readFileSync(keyFile(d.dir)).equals(original)).toBe(true);
    const s = t.runtime.services();
    // The records open again: the patient's sealed IIN and the audit chain.
    expect(s.patients.get(d.patient.id).iin).toBe(d.patient.iin);
    const events = s.store.connection.prepare('SELECT event FROM audit_log ORDER BY seq').pluck().all();
    expect(events.at(-1)).toBe('desk_recovered');
    await t.runtime.close();
  });

  it("refuses another desk's transfer file and writes nothing", async () => {
    const d = await desk('desk-12');
    const other = await desk('desk-7');
    rmSync(keyFile(d.dir));
    const t = testRuntime(d.dir);
    t.files.open = { transfer: other.transfer };
    expect(await typedRejection(t.runtime.recoverFromTransfer(PASSPHRASE))).toBe('KEY_WRONG');
    expect(existsSync(keyFile(d.dir))).toBe(false);
    expect(t.runtime.startupFailure?.problem).toBe('KEY_MISSING');
  });

  it('a transfer file cannot mend a missing database', async () => {
    const d = await desk();
    removeDatabase(d.dir);
    const t = testRuntime(d.dir);
    t.files.open = { transfer: d.transfer };
    expect(await typedRejection(t.runtime.recoverFromTransfer(PASSPHRASE))).toBe('NOT_RECOVERABLE');
  });
});

describe('its settings file deleted', () => {
  it('is CONFIG_MISSING, not a fresh machine: setup is refused, the transfer file restores the settings', async () => {
    const d = await desk();
    const settings = readFileSync(configFile(d.dir), 'utf8');
    rmSync(configFile(d.dir));
    const t = testRuntime(d.dir);
    expect(t.runtime.startupFailure?.problem).toBe('CONFIG_MISSING');
    expect(await typedRejection(t.runtime.completeSetup(SETUP))).toBe('SETUP_DONE');
    t.files.open = { transfer: d.transfer };
    await t.runtime.recoverFromTransfer(PASSPHRASE);
    expect(JSON.parse(readFileSync(configFile(d.dir), 'utf8'))).toEqual(JSON.parse(settings));
    expect(t.runtime.services().config.desk.id).toBe('desk-12');
    await t.runtime.close();
  });
});

describe('through the contract', () => {
  it('setup:status names the problem and whether the transfer file mends it; setup:recover mends it', async () => {
    const d = await desk();
    rmSync(keyFile(d.dir));
    const t = testRuntime(d.dir);
    const router = createKioskRouter({
      app: { getVersion: () => '0.1.0' },
      platform: 'linux',
      runtime: t.runtime,
      isTrustedSender: () => true,
    });
    const sender = { url: 'app://tanu/index.html', isMainFrame: true };
    expect(await router.dispatch('setup:status', sender, undefined)).toEqual({
      ok: true,
      value: {
        needed: false,
        clinicName: null,
        deskId: null,
        timeZone: null,
        languages: null,
        problem: 'KEY_MISSING',
        recoverable: true,
      },
    });
    expect(await router.dispatch('session:signIn', sender, { login: 'admin', secret: 'x' })).toEqual({
      ok: false,
      code: 'STARTUP_FAILED',
    });
    t.files.open = { transfer: d.transfer };
    expect(await router.dispatch('setup:recover', sender, { passphrase: PASSPHRASE })).toEqual({
      ok: true,
      value: { clinicName: SETUP.clinicName, deskId: 'desk-12' },
    });
    expect(await router.dispatch('setup:status', sender, undefined)).toMatchObject({
      ok: true,
      value: { needed: false, problem: null, deskId: 'desk-12' },
    });
    await t.runtime.close();
  });
});
