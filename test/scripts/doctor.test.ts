/**
 * `npm run doctor` on real installs: a desk set up through the real runtime (key file, SQLite,
 * audit chain), then broken on purpose — a flipped audit byte, a tampered model — each shows as
 * FAIL with an action, and the exit code says so. The printer line reads a cupsd.conf the test
 * writes, so it does not depend on whether this machine has CUPS.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckLine } from '../../src/core/doctor/self-check.ts';
import { DATABASE_FILE_NAME, openDatabase } from '../../src/core/store/database.ts';
import { MODELS_DIR, ROOT } from '../support/paths.ts';
import { testRuntime } from '../support/runtime.ts';
import { useTempDir } from '../support/temp-dir.ts';

const tempDir = useTempDir('doctor');

/** A cupsd.conf with these lines (Debian's own starts with LogLevel and Listen). */
function cupsdConf(...lines: string[]): string {
  const path = join(tempDir(), 'cupsd.conf');
  writeFileSync(path, ['LogLevel warn', 'Listen localhost:631', ...lines].join('\n'));
  return path;
}

function doctor(
  args: string[],
  conf = cupsdConf('PreserveJobFiles No'),
): { code: number | null; lines: CheckLine[] } {
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'doctor.ts'), '--json', '--cupsd-conf', conf, ...args],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  const last = run.stdout.trim().split('\n').at(-1) ?? '{}';
  return { code: run.status, lines: (JSON.parse(last) as { lines: CheckLine[] }).lines };
}

const statusOf = (lines: CheckLine[]) => Object.fromEntries(lines.map((l) => [l.check, l.status]));

async function setUpDesk(dir: string): Promise<void> {
  const { runtime } = testRuntime(dir);
  await runtime.completeSetup({
    clinicId: 'pol-5',
    clinicName: 'Емхана №5',
    timeZone: 'Asia/Almaty',
    callNumber: '+7 727 300 00 00',
    deskId: 'desk-1',
    admin: { login: 'admin', displayName: 'Admin', secret: 'long enough secret' },
  });
  await runtime.close();
}

describe('npm run doctor', () => {
  it('a healthy offline desk: everything OK but the gateway (offline — codes by slip only); exit 0', async () => {
    const dir = tempDir();
    await setUpDesk(dir);
    const { code, lines } = doctor(['--data-dir', dir, '--key-file', join(dir, 'data.key')]);
    // The engine's line depends on the machine's load: within its 1.5 s budget it is OK, over it a
    // warning that says so (never a failure: the engine worked).
    const engine = lines.find((l) => l.check === 'face engine');
    expect(engine?.status === 'OK' || (engine?.status === 'WARN' && engine.reason === 'slow')).toBe(true);
    expect({ ...statusOf(lines), 'face engine': 'OK' }).toEqual({
      configuration: 'OK',
      models: 'OK',
      'face engine': 'OK',
      key: 'OK',
      database: 'OK',
      disk: 'OK',
      gateway: 'WARN',
      printer: 'OK',
    });
    expect(lines.find((l) => l.check === 'gateway')).toMatchObject({
      reason: 'offline',
      detail: 'offline — codes by slip only',
    });
    // Every line says which outcome it is, so the admin screen can say it in the desk's language.
    for (const l of lines) expect(l.reason).toMatch(/^[a-z-]+$/);
    expect(lines.find((l) => l.check === 'database')?.detail).toMatch(/audit chain verified \(\d+ rows\)/);
    expect(code).toBe(0);
  });

  it('a tampered audit row and a tampered model are FAIL with what to do; exit 1', async () => {
    const dir = tempDir();
    await setUpDesk(dir);
    const db = openDatabase(join(dir, DATABASE_FILE_NAME));
    // Around the append-only trigger, as an attacker with the file would.
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET desk_id = 'desk-9' WHERE seq = 1").run();
    db.close();
    const models = join(dir, 'models');
    cpSync(MODELS_DIR, models, { recursive: true });
    const weights = join(models, 'face_recognition_model.bin');
    const bytes = readFileSync(weights);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    writeFileSync(weights, bytes);
    copyFileSync(join(MODELS_DIR, 'manifest.json'), join(models, 'manifest.json'));
    const { code, lines } = doctor([
      '--data-dir',
      dir,
      '--key-file',
      join(dir, 'data.key'),
      '--models',
      models,
    ]);
    const byName = Object.fromEntries(lines.map((l) => [l.check, l]));
    expect(byName['database']).toMatchObject({
      status: 'FAIL',
      detail: expect.stringMatching(
        /^audit chain broken at row 1 \(altered\): Audit row 1 does not match its hash/,
      ),
    });
    expect(byName['database']?.action).toBeTruthy();
    expect(byName['models']?.status).toBe('FAIL');
    expect(byName['models']?.detail).toContain('face_recognition_model');
    expect(byName['face engine']?.status).toBe('FAIL');
    expect(code).toBe(1);
  });

  it('without the key (OS key store) it says where to run the full check instead of failing', () => {
    const { code, lines } = doctor(['--data-dir', tempDir()]);
    expect(statusOf(lines)).toMatchObject({ key: 'WARN', configuration: 'WARN', database: 'WARN' });
    expect(lines.find((l) => l.check === 'key')?.action).toBe('Run the same check from the admin screen.');
    expect(code).toBe(0);
  });
});
