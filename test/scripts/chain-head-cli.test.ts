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
import { openTestDesk } from '../support/desk.ts';
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

/** The doctor's database line and exit code (the printer line reads a cupsd.conf that passes). */
function doctor(dir: string): { code: number | null; database: CheckLine | undefined } {
  const conf = join(tempDir(), 'cupsd.conf');
  writeFileSync(conf, 'LogLevel warn\nPreserveJobFiles No\n');
  const run = node('doctor.ts', [
    '--json',
    '--data-dir',
    dir,
    '--key-file',
    keyFile(dir),
    '--cupsd-conf',
    conf,
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

describe('a restore without the data key (a passphrase copy)', () => {
  it('sets the head aside: doctor passes, and the kiosk records the restore at its next start', async () => {
    const dir = await setUpDesk(2);
    const phrase = join(tempDir(), 'phrase.txt');
    writeFileSync(phrase, 'the owl flies at midnight\n');
    const backup = join(tempDir(), 'offdesk.tanu-backup');
    const made = node('backup.ts', [
      'backup',
      '--data-dir',
      dir,
      '--out',
      backup,
      '--passphrase-file',
      phrase,
    ]);
    expect(made.status, made.stderr).toBe(0);
    const before = newestSeq(dir);
    await register(dir, 2);
    const after = newestSeq(dir);
    const restore = node('backup.ts', [
      'restore',
      '--data-dir',
      dir,
      '--from',
      backup,
      '--passphrase-file',
      phrase,
    ]);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('recorded in the audit trail at the kiosk’s next start');
    expect(doctor(dir)).toMatchObject({ code: 0, database: { status: 'OK' } });
    await register(dir, 0); // the kiosk starts, and records it
    const db = new Database(dbFile(dir), { readonly: true });
    const row = db.prepare("SELECT seq, detail FROM audit_log WHERE event = 'database_restored'").get() as {
      seq: number;
      detail: string;
    };
    db.close();
    expect(row.seq).toBe(before + 1);
    expect(JSON.parse(row.detail)).toEqual({ restoredSeq: before, previousSeq: after });
    expect(verify(dir).status).toBe(0);
  });
});

describe('decisions and visits under the chain, at the command line', () => {
  /** A desk (real SQLite, key file) with one visit identified by a code: a decision, an ended visit. */
  async function deskWithVisit(): Promise<{ dir: string; visitId: string; decisionId: string }> {
    const dir = tempDir();
    const t = await openTestDesk(dir);
    try {
      const patientId = t.patients.register(newPatient(), t.actor).id;
      const { visitId } = t.desk.start(t.actor, 'Dr Aida Bekova');
      await t.desk.selectPatient(visitId, patientId);
      let view = await t.desk.chooseVisitType(visitId, 'in-person');
      if (view.phase === 'askingConsent') view = await t.desk.refuseConsent(visitId);
      expect(view.phase).toBe('codeSent');
      await t.desk.act(visitId, 'beginEntry');
      const text = t.gateway.deliveries.filter((d) => d.kind === 'code').at(-1)?.text ?? '';
      view = await t.desk.submitCode(visitId, /\b(\d{6})\b/.exec(text)?.[1] ?? '');
      expect(view.phase).toBe('identified');
      const decisionId = t.db
        .prepare('SELECT id FROM decision WHERE visit_id = ?')
        .pluck()
        .get(visitId) as string;
      return { dir, visitId, decisionId };
    } finally {
      await t.close();
    }
  }

  function tamperEvidence(dir: string, sql: string, id: string): void {
    const db = new Database(dbFile(dir));
    for (const name of db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('decision', 'visit') AND name LIKE '%_no_%'",
      )
      .pluck()
      .all() as string[]) {
      db.exec(`DROP TRIGGER "${name}"`);
    }
    db.prepare(sql).run(id);
    db.close();
  }

  function expectNamed(dir: string, problem: string, words: string): void {
    const d = doctor(dir);
    expect(d.code).toBe(1);
    expect(d.database).toMatchObject({ status: 'FAIL', reason: 'chain-broken', params: { problem } });
    expect(d.database?.detail).toContain(words);
    const v = verify(dir);
    expect(v.status, v.stdout).toBe(1);
    expect(v.stderr).toContain(`(${problem})`);
    expect(v.stderr).toContain(words);
  }

  it('untouched, the desk passes; a decision row deleted (triggers dropped first): FAIL naming it', async () => {
    const { dir, decisionId } = await deskWithVisit();
    expect(verify(dir).status).toBe(0);
    tamperEvidence(dir, 'DELETE FROM decision WHERE id = ?', decisionId);
    expectNamed(dir, 'record_missing', `decision ${decisionId}`);
  });

  it('a visit row edited (triggers dropped first): FAIL naming it', async () => {
    const { dir, visitId } = await deskWithVisit();
    tamperEvidence(dir, "UPDATE visit SET method = 'face' WHERE id = ?", visitId);
    expectNamed(dir, 'record_altered', `visit ${visitId}`);
  });
});
