/**
 * Backup and restore through SQLite's backup API: a backup taken while a writer holds rows in the
 * WAL has them all; a restore brings them back, keeps the previous file, and refuses to run while
 * the database is in use or from a file that is not a sound Tanu database.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME, openDatabase } from '../../src/core/store/database.ts';
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

describe('npm run backup', () => {
  it('backs up a running database (rows still in the WAL included) and restores it', () => {
    const dir = tempDir();
    const r = openTestRegistry(dir);
    for (let i = 0; i < 5; i += 1) r.patients.register(newPatient(), r.actor);
    // r.db stays open: those rows sit in tanu.sqlite-wal, which a file copy of tanu.sqlite would miss.
    const out = join(tempDir(), 'desk-1.sqlite');
    const backup = run('backup', '--data-dir', dir, '--out', out);
    expect(backup.status, backup.stderr).toBe(0);
    r.patients.register(newPatient(), r.actor);
    expect(run('restore', '--data-dir', dir, '--from', out).stderr).toContain('in use');
    r.db.close();
    const restore = run('restore', '--data-dir', dir, '--from', out);
    expect(restore.status, restore.stderr).toBe(0);
    expect(count(dir)).toBe(5);
    expect(readdirSync(dir).some((f) => f.startsWith(`${DATABASE_FILE_NAME}.before-restore-`))).toBe(true);
  });

  it('refuses to restore from something that is not a sound Tanu database, changing nothing', () => {
    const dir = tempDir();
    const r = openTestRegistry(dir);
    r.patients.register(newPatient(), r.actor);
    r.db.close();
    const junk = join(tempDir(), 'junk.sqlite');
    writeFileSync(junk, 'not a database at all');
    const result = run('restore', '--data-dir', dir, '--from', junk);
    expect(result.status).toBe(1);
    expect(count(dir)).toBe(1);
    expect(run('backup', '--data-dir', dir).status).toBe(1);
  });
});
