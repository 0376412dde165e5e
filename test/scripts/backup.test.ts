/**
 * Backup and restore through SQLite's backup API, encrypted: a backup taken while a writer holds
 * rows in the WAL has them all; a restore brings them back, keeps the previous file, and refuses to
 * run while the database is in use, from a file that is not a sound Tanu backup, or with the wrong
 * key or passphrase — changing nothing and leaving no decrypted copy behind.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME, openDatabase } from '../../src/core/store/database.ts';
import { TEMP_FILE_PREFIX } from '../../src/core/data-folder/private-files.ts';
import { newPatient, openTestRegistry } from '../support/registry.ts';
import { ROOT } from '../support/paths.ts';
import { useTempDir } from '../support/temp-dir.ts';

const tempDir = useTempDir('backup');

function run(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts', 'backup.ts'), ...args], { encoding: 'utf8' });
}

const count = (dir: string) => {
  const db = openDatabase(join(dir, DATABASE_FILE_NAME), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM patient').pluck().get() as number;
  } finally {
    db.close();
  }
};

const noTemps = (dir: string) =>
  expect(readdirSync(dir).filter((f) => f.startsWith(TEMP_FILE_PREFIX))).toEqual([]);

describe('npm run backup', () => {
  it('backs up a running database (rows still in the WAL included), encrypted, and restores it', () => {
    const dir = tempDir();
    const r = openTestRegistry(dir);
    for (let i = 0; i < 5; i += 1) r.patients.register(newPatient(), r.actor);
    // r.db stays open: those rows sit in tanu.sqlite-wal, which a file copy of tanu.sqlite would miss.
    const out = join(tempDir(), 'desk-1.tanu-backup');
    const backup = run('backup', '--data-dir', dir, '--out', out, '--key-file', r.keyPath);
    expect(backup.status, backup.stderr).toBe(0);
    expect(readFileSync(out).includes(Buffer.from('Сейтқалиева'))).toBe(false);
    noTemps(dir);
    r.patients.register(newPatient(), r.actor);
    expect(run('restore', '--data-dir', dir, '--from', out, '--key-file', r.keyPath).stderr).toContain(
      'in use',
    );
    noTemps(dir); // the decrypted copy is gone even though the restore stopped
    r.db.close();
    const restore = run('restore', '--data-dir', dir, '--from', out, '--key-file', r.keyPath);
    expect(restore.status, restore.stderr).toBe(0);
    expect(count(dir)).toBe(5);
    expect(readdirSync(dir).some((f) => f.startsWith(`${DATABASE_FILE_NAME}.before-restore-`))).toBe(true);
    noTemps(dir);
  });

  it('an off-desk copy under a passphrase file restores with that passphrase only', () => {
    const dir = tempDir();
    const r = openTestRegistry(dir);
    r.patients.register(newPatient(), r.actor);
    r.patients.register(newPatient(), r.actor);
    r.db.close();
    const elsewhere = tempDir();
    const out = join(elsewhere, 'offdesk.tanu-backup');
    const phrase = join(elsewhere, 'phrase.txt');
    writeFileSync(phrase, 'the owl flies at midnight\n'); // an editor's final newline is not part of it
    expect(run('backup', '--data-dir', dir, '--out', out, '--passphrase-file', phrase).status).toBe(0);
    // Restored onto a fresh data folder, as on a replacement PC whose key store has nothing.
    const fresh = tempDir();
    writeFileSync(phrase, 'the owl flies at noon\n');
    const wrong = run('restore', '--data-dir', fresh, '--from', out, '--passphrase-file', phrase);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('The passphrase is not the one this backup was made with.');
    expect(readdirSync(fresh)).toEqual([]);
    expect(run('restore', '--data-dir', fresh, '--from', out, '--key-file', r.keyPath).stderr).toContain(
      'made with a passphrase',
    );
    writeFileSync(phrase, 'the owl flies at midnight');
    const right = run('restore', '--data-dir', fresh, '--from', out, '--passphrase-file', phrase);
    expect(right.status, right.stderr).toBe(0);
    expect(count(fresh)).toBe(2);
  });

  it('refuses to restore from something that is not a sound Tanu backup, changing nothing', () => {
    const dir = tempDir();
    const r = openTestRegistry(dir);
    r.patients.register(newPatient(), r.actor);
    r.db.close();
    const junk = join(tempDir(), 'junk.tanu-backup');
    writeFileSync(junk, 'not a database at all');
    const result = run('restore', '--data-dir', dir, '--from', junk, '--key-file', r.keyPath);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('not a Tanu backup');
    expect(count(dir)).toBe(1);
    expect(run('backup', '--data-dir', dir, '--key-file', r.keyPath).status).toBe(1); // no --out
    // A key option is required, and only one.
    expect(run('backup', '--data-dir', dir, '--out', join(tempDir(), 'x')).stderr).toContain(
      'exactly one key option',
    );
    expect(
      run('backup', '--data-dir', dir, '--out', join(tempDir(), 'x'), '--key-file', r.keyPath, '--plaintext')
        .status,
    ).toBe(1);
  });

  it('restores a plaintext backup of an older Tanu only when told it is one', async () => {
    const dir = tempDir();
    const r = openTestRegistry(dir);
    for (let i = 0; i < 3; i += 1) r.patients.register(newPatient(), r.actor);
    const old = join(tempDir(), 'old.sqlite');
    await r.db.backup(old); // what `npm run backup` wrote before backups were encrypted
    r.db.close();
    const refused = run('restore', '--data-dir', dir, '--from', old, '--key-file', r.keyPath);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('unencrypted SQLite database');
    const fresh = tempDir();
    const restored = run('restore', '--data-dir', fresh, '--from', old, '--plaintext');
    expect(restored.status, restored.stderr).toBe(0);
    expect(count(fresh)).toBe(3);
  });
});
