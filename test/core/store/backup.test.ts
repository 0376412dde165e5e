/**
 * Backups of a real database: encrypted (a patient's name, phone and birth date are findable in a
 * plaintext copy and not in the backup), private (0600, the plaintext copy only ever a temporary
 * file in the data folder, gone afterwards), and read back only once authenticated and checked.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackupKey } from '../../../src/core/crypto/backup-file.ts';
import { TEMP_FILE_PREFIX } from '../../../src/core/data-folder/private-files.ts';
import { backupDatabase, restoreBackup, withDecryptedBackup } from '../../../src/core/store/backup.ts';
import { newPatient, openTestRegistry, patientsNamedIn } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedRejection } from '../../support/typed-errors.ts';

const newDir = useTempDir('store-backup');
const posix = process.platform !== 'win32';
const PATIENT = {
  familyName: 'Жұмабекова',
  givenNames: 'Гүлназ',
  birthDate: '1979-03-14',
  phone: '+77057654321',
};
/** How each would sit in the database file: SQLite stores text as UTF-8. */
const NEEDLES = [PATIENT.familyName, PATIENT.givenNames, PATIENT.birthDate, PATIENT.phone].map((s) =>
  Buffer.from(s),
);

async function deskWithBackup(key: BackupKey) {
  const dir = newDir();
  const r = openTestRegistry(dir);
  r.patients.register(newPatient(PATIENT), r.actor);
  const out = newDir();
  const backup = join(out, 'desk-1.tanu-backup');
  await backupDatabase(r.store, backup, { key, tempDir: dir, deskId: 'desk-1', now: new Date() });
  return { dir, r, out, backup, key };
}

const deskKey = (): BackupKey => ({ kind: 'desk', key: randomBytes(32) });
const tempsIn = (dir: string) => readdirSync(dir).filter((f) => f.startsWith(TEMP_FILE_PREFIX));

describe('backupDatabase', () => {
  it('holds no patient data in plain text, where a plaintext copy of the same database does', async () => {
    const d = await deskWithBackup(deskKey());
    const plain = join(d.out, 'plain.sqlite');
    await d.r.db.backup(plain); // the control: what the backup API alone would have written
    const plainBytes = readFileSync(plain);
    for (const needle of NEEDLES) expect(plainBytes.includes(needle), needle.toString()).toBe(true);
    const backupBytes = readFileSync(d.backup);
    for (const needle of NEEDLES) expect(backupBytes.includes(needle), needle.toString()).toBe(false);
    expect(backupBytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    d.r.db.close();
  });

  it('writes the backup 0600, refuses a path it cannot write with a typed error, and leaves no plaintext copy', async () => {
    const d = await deskWithBackup(deskKey());
    if (posix) expect(statSync(d.backup).mode & 0o777).toBe(0o600);
    expect(tempsIn(d.dir)).toEqual([]);
    const again = (to: string) =>
      typedRejection(
        backupDatabase(d.r.store, to, { key: d.key, tempDir: d.dir, deskId: 'x', now: new Date() }),
      );
    expect(await again(d.backup)).toBe('STORE_FAILED'); // never over an existing file
    expect(await again(join(d.out, 'no such folder', 'b.tanu-backup'))).toBe('STORE_FAILED');
    expect(readdirSync(d.out)).toEqual(['desk-1.tanu-backup']);
    expect(tempsIn(d.dir)).toEqual([]);
    d.r.db.close();
  });

  it('restores under the same key into a new private database; another key restores nothing', async () => {
    const d = await deskWithBackup(deskKey());
    const target = join(newDir(), 'restored.sqlite');
    expect(await typedRejection(restoreBackup(d.backup, target, deskKey(), d.dir))).toBe('BACKUP_WRONG_KEY');
    expect(existsSync(target)).toBe(false);
    expect(await typedRejection(restoreBackup(join(d.out, 'gone.tanu-backup'), target, d.key, d.dir))).toBe(
      'STORE_FAILED',
    );
    await restoreBackup(d.backup, target, d.key, d.dir);
    expect(patientsNamedIn(target, PATIENT.familyName)).toBe(1);
    if (posix) expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(tempsIn(d.dir)).toEqual([]);
    d.r.db.close();
  });

  it('hands a decrypted copy on only after it authenticated, and wipes it afterwards', async () => {
    const d = await deskWithBackup({ kind: 'passphrase', passphrase: 'a passphrase for the safe' });
    let seen: string | null = null;
    const info = await withDecryptedBackup(d.backup, d.key, d.dir, (database) => {
      seen = database;
      if (posix) expect(statSync(database).mode & 0o777).toBe(0o600);
      expect(database.startsWith(d.dir)).toBe(true); // inside the data folder
      return readFileSync(database).includes(NEEDLES[0] as Buffer);
    });
    expect(info).toBe(true);
    expect(seen).not.toBeNull();
    expect(existsSync(seen ?? '')).toBe(false);

    truncateSync(d.backup, statSync(d.backup).size - 100);
    let used = false;
    const cut = withDecryptedBackup(d.backup, d.key, d.dir, () => {
      used = true;
    });
    expect(await typedRejection(cut)).toBe('BACKUP_TRUNCATED');
    expect(used).toBe(false);
    expect(tempsIn(d.dir)).toEqual([]);
    d.r.db.close();
  });
});
