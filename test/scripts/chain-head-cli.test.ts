/**
 * A rolled-back or cut-short desk, as IT meets it: a desk set up through the real runtime (key file,
 * SQLite, the sealed chain head beside it), then tampered with as someone holding the files would —
 * the database replaced by a copy taken before the last records, the newest or all audit rows
 * deleted around the triggers — and `npm run doctor`, `npm run audit -- verify` (real processes)
 * and the kiosk's start each refuse it with one clear line. An untouched desk passes, and so does
 * one restored through `npm run backup -- restore`, which records the restore.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckLine } from '../../src/core/doctor/self-check.ts';
import { newPatient } from '../support/registry.ts';
import { ROOT } from '../support/paths.ts';
import { DESK_SETUP, testRuntime } from '../support/runtime.ts';
import { useTempDir } from '../support/temp-dir.ts';

const tempDir = useTempDir('chain-head-cli');

const dbFile = (dir: string) => join(dir, 'tanu.sqlite');
const keyFile = (dir: string) => join(dir, 'data.key');

function node(script: string, args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], {
    encoding: 'utf8',
    timeout: 180_000,
  });
}

/** The doctor's database line and exit code (no printer line: --cupsd-conf is not given off Linux CUPS). */
function doctor(dir: string): { code: number | null; database: CheckLine | undefined } {
  const run = node('doctor.ts', [
    '--json',
    '--data-dir',
    dir,
    '--key-file',
    keyFile(dir),
    '--cupsd-conf',
    '',
  ]);
  const last = run.stdout.trim().split('\n').at(-1) ?? '{}';
  const lines = (JSON.parse(last) as { lines: CheckLine[] }).lines;
  return { code: run.status, database: lines.find((l) => l.check === 'database') };
}

function verify(dir: string) {
  return node('audit.ts', ['verify', '--db', dbFile(dir), '--key', keyFile(dir)]);
}

/** A desk set up through the runtime, with `patients` registered; closed. */
async function setUpDesk(patients: number): Promise<string> {
  const dir = tempDir();
  const { runtime } = testRuntime(dir);
  await runtime.completeSetup(DESK_SETUP);
  await runtime.close();
  await register(dir, patients);
  return dir;
}

/** Opens the desk as the app does, registers `n` patients (audited), closes it. */
async function register(dir: string, n: number): Promise<void> {
  const { runtime } = testRuntime(dir);
  expect(runtime.startupFailure).toBeNull();
  const s = runtime.services();
  for (let i = 0; i < n; i += 1)
    s.patients.register(newPatient(), { operatorId: 'system', deskId: 'desk-12' });
  await runtime.close();
}

/** A copy of the closed desk's database file (its WAL folded in first). */
function copyDatabase(dir: string): string {
  const db = new Database(dbFile(dir));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const copy = join(tempDir(), 'older.sqlite');
  copyFileSync(dbFile(dir), copy);
  return copy;
}

function putBack(copy: string, dir: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile(dir)}${suffix}`, { force: true });
  copyFileSync(copy, dbFile(dir));
}

function deleteAuditRows(dir: string, where: string): void {
  const db = new Database(dbFile(dir));
  for (const name of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
    .pluck()
    .all() as string[]) {
    db.exec(`DROP TRIGGER "${name}"`);
  }
  db.exec(`DELETE FROM audit_log ${where}`);
  db.close();
}

function newestSeq(dir: string): number {
  const db = new Database(dbFile(dir), { readonly: true });
  try {
    return db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Doctor, audit verify and the kiosk's start all refuse the desk, naming `problem`. */
function expectRefused(dir: string, problem: string, words: RegExp): void {
  const d = doctor(dir);
  expect(d.code).toBe(1);
  expect(d.database).toMatchObject({ status: 'FAIL', reason: 'chain-broken', params: { problem } });
  expect(d.database?.detail).toMatch(words);
  const v = verify(dir);
  expect(v.status, v.stdout).toBe(1);
  expect(v.stderr).toContain(`(${problem})`);
  expect(v.stderr).toMatch(words);
  expect(v.stderr.trim().split('\n')).toHaveLength(1);
  const { runtime } = testRuntime(dir);
  expect(runtime.startupFailure).toMatchObject({ problem: 'AUDIT_CHAIN_BROKEN' });
}

describe('the sealed chain head at the command line and at start', () => {
  it('an untouched desk passes doctor and audit verify', async () => {
    const dir = await setUpDesk(2);
    const d = doctor(dir);
    expect(d.database).toMatchObject({ status: 'OK', reason: 'ok' });
    const v = verify(dir);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toContain(`head ${newestSeq(dir)}:`);
  });

  it('the database replaced by a copy taken before the last records: FAIL', async () => {
    const dir = await setUpDesk(2);
    const older = copyDatabase(dir);
    await register(dir, 3);
    putBack(older, dir);
    expectRefused(dir, 'truncated', /restored from an older copy/);
  });

  it('the newest audit rows deleted (triggers dropped first): FAIL', async () => {
    const dir = await setUpDesk(4);
    deleteAuditRows(dir, `WHERE seq > ${newestSeq(dir) - 3}`);
    expectRefused(dir, 'truncated', /newest rows were deleted|removed from the end/);
  });

  it('all audit rows deleted: FAIL', async () => {
    const dir = await setUpDesk(1);
    deleteAuditRows(dir, '');
    expectRefused(dir, 'truncated', /row 0/);
  });

  it('a restore through the backup command passes afterwards, and is in the audit trail', async () => {
    const dir = await setUpDesk(2);
    const backup = join(tempDir(), 'desk.tanu-backup');
    const made = node('backup.ts', [
      'backup',
      '--data-dir',
      dir,
      '--out',
      backup,
      '--key-file',
      keyFile(dir),
    ]);
    expect(made.status, made.stderr).toBe(0);
    const before = newestSeq(dir);
    await register(dir, 3);
    const after = newestSeq(dir);
    const restore = node('backup.ts', [
      'restore',
      '--data-dir',
      dir,
      '--from',
      backup,
      '--key-file',
      keyFile(dir),
    ]);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`restored to row ${before} (the desk's head was ${after})`);
    expect(doctor(dir)).toMatchObject({ code: 0, database: { status: 'OK' } });
    expect(verify(dir).status).toBe(0);
    const db = new Database(dbFile(dir), { readonly: true });
    const row = db.prepare("SELECT seq, detail FROM audit_log WHERE event = 'database_restored'").get();
    db.close();
    expect(row).toEqual({
      seq: before + 1,
      detail: JSON.stringify({ previousSeq: after, restoredSeq: before }),
    });
    await register(dir, 1); // and the kiosk starts on it
  });
});
