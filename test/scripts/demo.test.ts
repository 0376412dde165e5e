/**
 * `npm run demo` end to end: a demo desk made in a temp folder with its key file (accounts,
 * patients enrolled from the committed portraits by the real engine, visits through the real visit
 * desk: obama by face, biden refusing the photo and identified by code), extended by a second run
 * without registering anyone twice, and passing `npm run doctor` (no FAIL line, exit 0).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DATABASE_FILE_NAME, openDatabase } from '../../src/core/store/database.ts';
import { ROOT } from '../support/paths.ts';
import { useTempDir } from '../support/temp-dir.ts';

const tempDir = useTempDir('demo');

function run(script: string, args: string[]): { code: number | null; last: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], {
    encoding: 'utf8',
    timeout: 280_000,
  });
  return { code: result.status, last: result.stdout.trim().split('\n').at(-1) ?? '', stderr: result.stderr };
}

it('makes a demo desk, extends it on a second run, and the self-check passes on it', () => {
  const dir = join(tempDir(), 'desk');
  const key = join(tempDir(), 'desk.key');
  const desk = ['--data-dir', dir, '--key-file', key, '--patients', '2'];

  const first = run('demo.ts', [...desk, '--visits', '2']);
  expect(first.code, first.stderr).toBe(0);
  expect(JSON.parse(first.last)).toMatchObject({
    patients: 2,
    withFace: 1,
    visitsMade: 2,
    identified: { face: 1, code: 1 },
    visitsAtDesk: 2,
    auditVerified: true,
  });
  expect(first.stderr).toContain('account doctor (doctor), password');

  const second = run('demo.ts', [...desk, '--visits', '2']);
  expect(second.code, second.stderr).toBe(0);
  expect(JSON.parse(second.last)).toMatchObject({
    patients: 2,
    visitsMade: 2,
    visitsAtDesk: 4,
    auditVerified: true,
  });
  // Nobody registered twice, no account made twice, no password printed again.
  expect(second.stderr).not.toContain('password');
  const db = openDatabase(join(dir, DATABASE_FILE_NAME), { readonly: true });
  try {
    expect(db.prepare('SELECT count(*) FROM patient').pluck().get()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM operator').pluck().get()).toBe(3);
    expect(db.prepare("SELECT count(*) FROM visit WHERE end_state = 'identified'").pluck().get()).toBe(4);
  } finally {
    db.close();
  }

  const doctor = run('doctor.ts', ['--data-dir', dir, '--key-file', key]);
  expect(doctor.stderr).toBe('');
  expect(doctor.code).toBe(0);
});

it('refuses an existing demo desk with another key file, changing nothing', () => {
  const dir = join(tempDir(), 'desk');
  const first = run('demo.ts', [
    '--data-dir',
    dir,
    '--key-file',
    join(tempDir(), 'a.key'),
    '--patients',
    '1',
    '--visits',
    '0',
  ]);
  expect(first.code, first.stderr).toBe(0);
  const wrong = run('demo.ts', [
    '--data-dir',
    dir,
    '--key-file',
    join(tempDir(), 'b.key'),
    '--patients',
    '1',
    '--visits',
    '1',
  ]);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toMatch(/KEY_MISSING|KEY_WRONG/);
  // No new key made for a desk that has records.
  expect(existsSync(join(tempDir(), 'b.key'))).toBe(false);
});
