/**
 * `npm run audit -- verify | export` end to end on a real database and key file: exit codes,
 * JSON lines on stdout, the head on stderr; and on a desk that keeps its key in the OS key store,
 * opened with its desk-transfer file and passphrase.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../src/core/store/database.ts';
import { safeStorageKeyProvider } from '../../src/main/security/safe-storage-key-provider.ts';
import { fakeSafeStorage } from '../support/fake-safe-storage.ts';
import { DESK_SETUP, testRuntime } from '../support/runtime.ts';
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

/** The JSON lines an export wrote, parsed. */
const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

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

  it('--help and -h print the usage and exit 0; an unknown flag exits 2 with the usage', async () => {
    for (const flag of ['--help', '-h']) {
      const out = await audit(flag);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^usage: npm run audit -- verify --db FILE KEY/);
      expect(out.stdout).toContain('--transfer FILE [--passphrase-file FILE]');
    }
    const unknown = await audit('verify', '--db', store.dbPath, '--key', store.keyPath, '--frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'");
    expect(unknown.stderr).toContain('usage: npm run audit -- verify');
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
    const rows = jsonLines(out.stdout);
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

describe('a desk that keeps its key in the OS key store', () => {
  it('verifies and exports with the desk-transfer file and its passphrase, and with nothing else', async () => {
    const dir = newDir();
    const sealedKey = join(dir, 'data.key.sealed');
    const { runtime, files } = testRuntime(dir, {
      keyProvider: safeStorageKeyProvider(fakeSafeStorage(), sealedKey, { platform: 'linux' }),
    });
    await runtime.completeSetup(DESK_SETUP);
    // The admin's "Export transfer file" on the Settings tab: the only copy of the key a terminal can open.
    files.save = join(newDir(), 'desk-12.transfer.json');
    const passphrase = 'seven green apples at noon';
    expect(await runtime.exportTransfer(passphrase)).toBe(files.save);
    const transfer = files.save;
    const rows = runtime.services().store.rows.audit.newestSeq();
    await runtime.close();
    const dbPath = join(dir, DATABASE_FILE_NAME);
    const viaTransfer = (phrase: string) => [
      '--db',
      dbPath,
      '--transfer',
      transfer,
      '--passphrase-file',
      phrase,
    ];
    const phraseFile = join(newDir(), 'passphrase');
    writeFileSync(phraseFile, `${passphrase}\n`, { mode: 0o600 });

    const verified = await audit('verify', ...viaTransfer(phraseFile));
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(new RegExp(`^ok: ${rows} rows, head ${rows}:[0-9a-f]{64}\\n$`));
    const exported = await audit('export', ...viaTransfer(phraseFile), '--since', '2026-01-01T00:00:00Z');
    expect(exported.code).toBe(0);
    const events = jsonLines(exported.stdout).map((r) => r.event);
    expect(events).toContain('desk_transfer_exported');
    expect(events).toHaveLength(rows ?? 0);

    // The sealed key is no key file: only the OS key store opens it.
    const sealed = await audit('verify', '--db', dbPath, '--key', sealedKey);
    expect(sealed.code).toBe(2);
    expect(sealed.stderr).toMatch(/^cannot open: /);
    const wrongPhrase = join(newDir(), 'wrong');
    writeFileSync(wrongPhrase, 'not the passphrase at all\n', { mode: 0o600 });
    const wrong = await audit('verify', ...viaTransfer(wrongPhrase));
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    // Another desk's key is named as such, not reported as a broken chain.
    const other = await audit('verify', '--db', dbPath, '--key', store.keyPath);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/this key is not the key of/);
    // Without a terminal and without --passphrase-file there is no passphrase: refused, not guessed.
    const noPhrase = await audit('verify', '--db', dbPath, '--transfer', transfer);
    expect(noPhrase.code).toBe(2);
    expect(noPhrase.stderr).toMatch(/no terminal to type the passphrase in: use --passphrase-file/);
    // One key source only.
    expect((await audit('verify', '--db', dbPath, '--key', store.keyPath, '--transfer', transfer)).code).toBe(
      2,
    );
  });
});
