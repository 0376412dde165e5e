/**
 * What a desk leaves on disk, through the runtime as the admin screens drive it: every file in
 * the data folder 0600 and every folder 0700 under the usual 022 umask (nothing relies on the app's
 * own umask), and "Back up now" (under the desk's key) and the off-desk copy (under a passphrase)
 * hold no patient's name or phone, doctor's name or refusal reason in plain text, while a plaintext
 * copy of the same database does.
 */
import { randomUUID } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLogger } from '../../../src/core/logging/logger.ts';
import { restoreBackup } from '../../../src/core/store/backup.ts';
import { newPatient, patientsNamedIn } from '../../support/registry.ts';
import { DESK_SETUP, testRuntime } from '../../support/runtime.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedRejection } from '../../support/typed-errors.ts';

const tempDir = useTempDir('data-at-rest');
const posix = process.platform !== 'win32';
const OFF_DESK = 'kept in the clinic safe 2026';
const SETUP = DESK_SETUP;
const PATIENT = { familyName: 'Тоқтарова', givenNames: 'Сәуле', phone: '+77019876543' };
const DOCTOR = 'Dr Bolat Serikbayev';
const REFUSAL = 'Бетімді суретке түсіргім келмейді';

/** Every path under `dir` with its permission bits (links not followed). */
function modesUnder(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    out[name] = lstatSync(join(dir, name)).mode & 0o777;
  }
  return out;
}

async function deskWithRecords(dir: string) {
  const t = testRuntime(dir);
  await t.runtime.completeSetup(SETUP);
  const s = t.runtime.services();
  const actor = { operatorId: t.runtime.operator?.id ?? '', deskId: SETUP.deskId };
  s.operators.create(
    { login: 'bolat', displayName: DOCTOR, role: 'doctor', secret: 'long enough secret' },
    actor,
  );
  const patient = s.patients.register(newPatient(PATIENT), actor);
  // A visit where the patient volunteered why they refused the photo (as a code visit leaves it).
  const at = s.clock.now().toISOString();
  s.store.connection
    .prepare(
      `INSERT INTO visit (id, patient_id, operator_id, desk_id, started_at, ended_at, end_state, refusal_reason)
       VALUES (?, ?, ?, ?, ?, ?, 'cancelled', ?)`,
    )
    .run(randomUUID(), patient.id, actor.operatorId, SETUP.deskId, at, at, REFUSAL);
  return t;
}

describe('data at rest', () => {
  it.skipIf(!posix)('every file the desk writes is 0600, every folder 0700, with a 022 umask', async () => {
    const umask = process.umask(0o022);
    try {
      const dir = tempDir();
      const t = await deskWithRecords(dir);
      t.runtime.secrets.set('gateway', 'egov-token-123');
      fileLogger({ dir: join(dir, 'logs'), level: 'info' }).info('app.start');
      const out = tempDir();
      t.files.save = join(out, 'desk.tanu-backup');
      await t.runtime.backupNow();
      t.files.save = join(out, 'desk.transfer.json');
      await t.runtime.exportTransfer(OFF_DESK);

      const modes = modesUnder(dir);
      // The database is open, so its WAL and shared memory are there too.
      expect(Object.keys(modes).sort()).toEqual(
        [
          'chain-head.sealed',
          'data.key',
          'logs',
          'logs/tanu.log',
          'secrets.sealed.json',
          'tanu.config.json',
          'tanu.sqlite',
          'tanu.sqlite-shm',
          'tanu.sqlite-wal',
          'time-mark.sealed',
        ].sort(),
      );
      for (const [name, mode] of Object.entries(modes))
        expect(mode, name).toBe(name === 'logs' ? 0o700 : 0o600);
      expect(modesUnder(out)).toEqual({ 'desk.tanu-backup': 0o600, 'desk.transfer.json': 0o600 });
      await t.runtime.close();
    } finally {
      process.umask(umask);
    }
  });

  it("backups hold no patient's or doctor's name in plain text; a plaintext copy does", async () => {
    const dir = tempDir();
    const t = await deskWithRecords(dir);
    const out = tempDir();
    const needles = [PATIENT.familyName, PATIENT.givenNames, PATIENT.phone, DOCTOR].map((s) =>
      Buffer.from(s),
    );
    await t.runtime.services().store.connection.backup(join(out, 'control.sqlite'));
    const control = readFileSync(join(out, 'control.sqlite'));
    for (const needle of needles)
      expect(control.includes(needle), `control: ${needle.toString()}`).toBe(true);

    t.files.save = join(out, 'desk.tanu-backup');
    expect(await t.runtime.backupNow()).toBe(t.files.save);
    t.files.save = join(out, 'offdesk.tanu-backup');
    expect(await t.runtime.backupNow(OFF_DESK)).toBe(t.files.save);
    for (const file of ['desk.tanu-backup', 'offdesk.tanu-backup']) {
      const bytes = readFileSync(join(out, file));
      for (const needle of needles)
        expect(bytes.includes(needle), `${file}: ${needle.toString()}`).toBe(false);
    }
    // A short passphrase is refused before the save dialog: nothing is written.
    t.files.save = join(out, 'short.tanu-backup');
    expect(await typedRejection(t.runtime.backupNow('too short'))).toBe('KEY_INSECURE');
    expect(readdirSync(out).sort()).toEqual(['control.sqlite', 'desk.tanu-backup', 'offdesk.tanu-backup']);
    await t.runtime.close();

    // The off-desk copy opens with its passphrase alone (no key store, no transfer file).
    const restored = join(tempDir(), 'restored.sqlite');
    const here = tempDir();
    const offDesk = join(out, 'offdesk.tanu-backup');
    expect(
      await typedRejection(
        restoreBackup(
          offDesk,
          restored,
          { kind: 'passphrase', passphrase: 'kept in the clinic safe 2025' },
          here,
        ),
      ),
    ).toBe('BACKUP_WRONG_KEY');
    await restoreBackup(offDesk, restored, { kind: 'passphrase', passphrase: OFF_DESK }, here);
    expect(patientsNamedIn(restored, PATIENT.familyName)).toBe(1);
    if (posix) expect(statSync(restored).mode & 0o777).toBe(0o600);
    expect(readdirSync(here)).toEqual([]);
  });
});
