/**
 * npm run unlock-admin on a real desk (runtime, SQLite, key file): the sole admin, locked by wrong
 * passwords, signs in again after the command with the desk's key; another key, or a login that is
 * not an admin, changes nothing (exit 1). The unlock is audited under 'system' and the chain holds.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { safeStorageKeyProvider } from '../../src/main/security/safe-storage-key-provider.ts';
import { fakeSafeStorage } from '../support/fake-safe-storage.ts';
import { DESK_SETUP, testRuntime } from '../support/runtime.ts';
import { ROOT } from '../support/paths.ts';
import { useTempDir } from '../support/temp-dir.ts';

const tempDir = useTempDir('unlock-admin');
const ADMIN = DESK_SETUP.admin;

function unlockAdmin(args: string[]): { code: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'unlock-admin.ts'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('npm run unlock-admin', () => {
  it('brings back a locked sole admin with the desk key, and only with it', async () => {
    const dir = tempDir();
    const first = testRuntime(dir).runtime;
    await first.completeSetup(DESK_SETUP);
    await first.signOut();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(first.signIn(ADMIN.login, 'not the password')).rejects.toThrow();
    }
    await expect(first.signIn(ADMIN.login, ADMIN.secret)).rejects.toMatchObject({ code: 'OPERATOR_LOCKED' });
    await first.close();

    const otherKey = join(tempDir(), 'other.key');
    writeFileSync(otherKey, randomBytes(32), { mode: 0o600 });
    const wrong = unlockAdmin(['--data-dir', dir, '--key-file', otherKey, '--login', ADMIN.login]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain("This key is not this desk's");
    const notAdmin = unlockAdmin([
      '--data-dir',
      dir,
      '--key-file',
      join(dir, 'data.key'),
      '--login',
      'nobody',
    ]);
    expect(notAdmin.code).toBe(1);
    expect(unlockAdmin(['--data-dir', dir, '--login', ADMIN.login]).code).toBe(1);

    const again = testRuntime(dir).runtime;
    await expect(again.signIn(ADMIN.login, ADMIN.secret)).rejects.toMatchObject({ code: 'OPERATOR_LOCKED' });
    await again.close();

    const ok = unlockAdmin(['--data-dir', dir, '--key-file', join(dir, 'data.key'), '--login', ADMIN.login]);
    expect(ok).toMatchObject({ code: 0, out: `The admin ${ADMIN.login} is unlocked (audited).\n` });
    const after = testRuntime(dir).runtime;
    expect((await after.signIn(ADMIN.login, ADMIN.secret)).role).toBe('admin');
    const s = after.services();
    const rows = s.store.connection
      .prepare("SELECT operator_id AS operatorId FROM audit_log WHERE event = 'operator_unlocked'")
      .all();
    expect(rows).toEqual([{ operatorId: 'system' }]);
    expect(s.verifyAudit().ok).toBe(true);
    await after.close();
  });
});

describe('npm run unlock-admin on a desk that keeps its key in the OS key store', () => {
  it('takes the key from the desk-transfer file, the passphrase from --passphrase-file', async () => {
    const dir = tempDir();
    const keyProvider = safeStorageKeyProvider(fakeSafeStorage(), join(dir, 'data.key.sealed'), {
      platform: 'linux',
    });
    const { runtime, files } = testRuntime(dir, { keyProvider });
    await runtime.completeSetup(DESK_SETUP);
    files.save = join(tempDir(), 'desk.transfer.json');
    const passphrase = 'seven green apples at noon';
    await runtime.exportTransfer(passphrase);
    await runtime.signOut();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(runtime.signIn(ADMIN.login, 'not the password')).rejects.toThrow();
    }
    await runtime.close();
    const phraseFile = join(tempDir(), 'passphrase');
    writeFileSync(phraseFile, `${passphrase}\n`, { mode: 0o600 });
    const wrongFile = join(tempDir(), 'wrong');
    writeFileSync(wrongFile, 'not the passphrase at all\n', { mode: 0o600 });
    const args = ['--data-dir', dir, '--login', ADMIN.login, '--transfer', files.save];

    expect(unlockAdmin([...args, '--passphrase-file', wrongFile]).code).toBe(1);
    // A passphrase file without a transfer file is a usage error, not a key.
    expect(
      unlockAdmin(['--data-dir', dir, '--login', ADMIN.login, '--passphrase-file', phraseFile]).code,
    ).toBe(1);
    const ok = unlockAdmin([...args, '--passphrase-file', phraseFile]);
    expect(ok).toMatchObject({ code: 0, out: `The admin ${ADMIN.login} is unlocked (audited).\n` });
    const after = testRuntime(dir, { keyProvider }).runtime;
    expect((await after.signIn(ADMIN.login, ADMIN.secret)).role).toBe('admin');
    await after.close();
  });
});
