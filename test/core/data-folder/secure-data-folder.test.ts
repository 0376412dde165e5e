/**
 * The data folder made private on real files: an existing desk's 0644 files and 0755 folders
 * narrowed (links not followed), a crash's plaintext temporary file overwritten and removed, and
 * on Windows the icacls runs in order, stopping at the first that fails (the runner recorded here:
 * icacls only exists on Windows).
 */
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMP_FILE_PREFIX, wipeFile } from '../../../src/core/data-folder/private-files.ts';
import { secureDataFolder } from '../../../src/core/data-folder/secure-data-folder.ts';
import {
  icaclsCommands,
  restrictFolderAcl,
  type CommandRunner,
} from '../../../src/core/data-folder/windows-acl.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const newDir = useTempDir('data-folder');
const posix = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;

/** A runner that records each call and fails the `failAt`-th (0-based). */
function recorder(failAt = -1) {
  const calls: { command: string; args: string[] }[] = [];
  const run: CommandRunner = (command, args) => {
    calls.push({ command, args });
    return calls.length - 1 === failAt
      ? { status: 1332, output: 'No mapping between account names and security IDs was done.' }
      : { status: 0, output: 'Successfully processed 1 files' };
  };
  return { calls, run };
}

describe.skipIf(!posix)('secureDataFolder on Linux and macOS', () => {
  it("narrows an existing desk's files to 0600 and folders to 0700, without following links", () => {
    const dir = join(newDir(), 'tanu');
    mkdirSync(join(dir, 'logs'), { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    for (const file of ['tanu.sqlite', 'tanu.sqlite-wal', 'tanu.config.json', 'logs/tanu.log']) {
      writeFileSync(join(dir, file), 'x', { mode: 0o644 });
    }
    writeFileSync(join(dir, 'data-key.sealed'), 'x', { mode: 0o600 });
    const outside = join(newDir(), 'elsewhere.txt');
    writeFileSync(outside, 'not ours', { mode: 0o644 });
    symlinkSync(outside, join(dir, 'SingletonLock'));

    const report = secureDataFolder(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'logs'))).toBe(0o700);
    for (const file of [
      'tanu.sqlite',
      'tanu.sqlite-wal',
      'tanu.config.json',
      'logs/tanu.log',
      'data-key.sealed',
    ]) {
      expect(mode(join(dir, file)), file).toBe(0o600);
    }
    expect(mode(outside)).toBe(0o644);
    // (The folder itself is made 0700 on the way in, before the walk.)
    expect(report.tightened.map((p) => p.slice(dir.length)).sort()).toEqual(
      ['/logs', '/logs/tanu.log', '/tanu.config.json', '/tanu.sqlite', '/tanu.sqlite-wal'].sort(),
    );
    expect(report.acl).toBeNull();
    // A second start finds nothing to change.
    expect(secureDataFolder(dir).tightened).toEqual([]);
  });

  it('creates a missing data folder 0700', () => {
    const dir = join(newDir(), 'a', 'tanu');
    secureDataFolder(dir);
    expect(mode(dir)).toBe(0o700);
  });
});

describe('secureDataFolder, every OS', () => {
  it('wipes a temporary file a crash left (over an hour old), not one a running backup is using', () => {
    const dir = newDir();
    const stale = join(dir, `${TEMP_FILE_PREFIX}backup-1`);
    const fresh = join(dir, `${TEMP_FILE_PREFIX}backup-2`);
    writeFileSync(stale, 'Жұмабекова +77057654321');
    writeFileSync(`${stale}-journal`, 'journal');
    writeFileSync(fresh, 'in use');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(stale, old, old);
    utimesSync(`${stale}-journal`, old, old);
    expect(secureDataFolder(dir, { platform: 'linux' }).staleTempsWiped).toContain(stale);
    expect(readdirSync(dir)).toEqual([`${TEMP_FILE_PREFIX}backup-2`]);
  });

  it('wipeFile overwrites the bytes before it removes the file', () => {
    const dir = newDir();
    const file = join(dir, 'plain.sqlite');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024 + 7, 0x41));
    // A second name for the same bytes shows what the removal alone would have left on disk.
    linkSync(file, join(dir, 'same-inode'));
    wipeFile(file);
    expect(readdirSync(dir)).toEqual(['same-inode']);
    const left = readFileSync(join(dir, 'same-inode'));
    expect(left).toHaveLength(3 * 1024 * 1024 + 7);
    expect(left.every((b) => b === 0)).toBe(true);
    wipeFile(join(dir, 'missing')); // nothing there: nothing to do
  });
});

describe('the data folder ACL on Windows', () => {
  const DIR = 'C:\\Users\\desk-12\\AppData\\Roaming\\tanu';
  const ENV = { USERNAME: 'desk-12', USERDOMAIN: 'POL5-DESK12' };

  it('is built as: reset everything below, grant three inheritable entries, cut inheritance', () => {
    expect(icaclsCommands(DIR, 'POL5-DESK12\\desk-12')).toEqual([
      [DIR, '/reset', '/T', '/C', '/Q'],
      [
        DIR,
        '/grant:r',
        'POL5-DESK12\\desk-12:(OI)(CI)F',
        '*S-1-5-32-544:(OI)(CI)F',
        '*S-1-5-18:(OI)(CI)F',
        '/Q',
      ],
      [DIR, '/inheritance:r', '/Q'],
    ]);
  });

  it('runs icacls only on Windows, and the three commands in order', () => {
    const elsewhere = recorder();
    secureDataFolder(newDir(), { platform: 'linux', env: ENV, run: elsewhere.run });
    expect(elsewhere.calls).toEqual([]);

    const dir = newDir();
    const windows = recorder();
    const report = secureDataFolder(dir, { platform: 'win32', env: ENV, run: windows.run });
    expect(report).toMatchObject({ acl: { ok: true }, tightened: [] });
    expect(windows.calls).toEqual(
      icaclsCommands(dir, 'POL5-DESK12\\desk-12').map((args) => ({ command: 'icacls', args })),
    );
  });

  it('stops at the grant when the account does not resolve, so inheritance is never cut', () => {
    const r = recorder(1);
    const outcome = restrictFolderAcl(DIR, ENV, r.run);
    expect(r.calls).toHaveLength(2);
    expect(outcome).toEqual({
      ok: false,
      problem: expect.stringContaining('No mapping between account names') as unknown as string,
    });
    expect(restrictFolderAcl(DIR, {}, r.run)).toMatchObject({ ok: false });
    expect(r.calls).toHaveLength(2); // no account: icacls not run at all
  });
});
