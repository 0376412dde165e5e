/**
 * `npm run audit -- verify | export` end to end on a real database and key file: exit codes,
 * JSON lines on stdout, the head on stderr.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../support/store.ts';
import { ROOT } from '../support/paths.ts';
import { useTempDir } from '../support/temp-dir.ts';

const run = promisify(execFile);
const newDir = useTempDir('audit-cli');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function audit(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'scripts', 'audit.ts'), ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let store: TestStore;
const operatorId = randomUUID();

beforeAll(() => {
  store = openTestStore(newDir());
  for (let i = 0; i < 6; i += 1) {
    store.record({ operatorId, deskId: 'desk-1', patientId: randomUUID(), event: 'consent_given' });
    store.clock.advance(24 * 3600 * 1000); // one row a day from 2026-11-22
  }
  store.db.close();
});

function copy(): string {
  const path = join(newDir(), 'copy.sqlite');
  const db = new Database(store.dbPath);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  copyFileSync(store.dbPath, path);
  return path;
}

describe('audit verify', () => {
  it('exits 0 on a sound chain and prints the head', async () => {
    const out = await audit('verify', '--db', store.dbPath, '--key', store.keyPath);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^ok: 6 rows, head 6:[0-9a-f]{64}\n$/);
  });

  it('exits 1 and names the first bad sequence number after tampering', async () => {
    const path = copy();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET desk_id = 'desk-9' WHERE seq = 4").run();
    raw.close();
    const out = await audit('verify', '--db', path, '--key', store.keyPath);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/BAD CHAIN at seq 4 \(altered\)/);
  });

  it('exits 1 for a truncated log when given the head recorded earlier', async () => {
    const path = copy();
    const { stdout } = await audit('verify', '--db', path, '--key', store.keyPath);
    const head = /head (\S+)/.exec(stdout)?.[1] as string;
    const raw = new Database(path);
    raw.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 5');
    raw.close();
    expect((await audit('verify', '--db', path, '--key', store.keyPath)).code).toBe(0);
    const out = await audit('verify', '--db', path, '--key', store.keyPath, '--head', head);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/BAD CHAIN at seq 5 \(truncated\)/);
  });

  it('exits 2 on bad usage, a missing key or a missing database', async () => {
    expect((await audit('verify', '--db', store.dbPath)).code).toBe(2);
    expect((await audit('frobnicate', '--db', store.dbPath, '--key', store.keyPath)).code).toBe(2);
    const noKey = await audit('verify', '--db', store.dbPath, '--key', join(newDir(), 'none.key'));
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/no key file/);
    expect((await audit('verify', '--db', join(newDir(), 'none.sqlite'), '--key', store.keyPath)).code).toBe(
      2,
    );
    expect(
      (await audit('export', '--db', store.dbPath, '--key', store.keyPath, '--since', 'soon')).code,
    ).toBe(2);
  });
});

describe('audit export', () => {
  it('writes the rows since a time as JSON lines and the head to stderr', async () => {
    const out = await audit(
      'export',
      '--db',
      store.dbPath,
      '--key',
      store.keyPath,
      '--since',
      '2026-11-24T00:00:00Z',
    );
    expect(out.code).toBe(0);
    const rows = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r.seq)).toEqual([3, 4, 5, 6]);
    expect(rows[0]).toMatchObject({
      event: 'consent_given',
      deskId: 'desk-1',
      operatorId,
      at: '2026-11-24T09:00:00.000Z',
    });
    // Continuity: each row names the hash before it.
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(out.stderr).toBe(`head 6:${rows[3]?.hash as string}\n`);
  });

  it('exports nothing from a broken chain', async () => {
    const path = copy();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2');
    raw.close();
    const out = await audit('export', '--db', path, '--key', store.keyPath, '--since', '2026-01-01');
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/BAD CHAIN at seq 2 \(missing\).*Nothing exported/);
  });
});
