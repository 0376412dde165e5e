/**
 * The encrypted backup format on real files: a round trip over several chunks, a key check that
 * tells a wrong key from altered bytes, a length that tells a truncated file, and nothing left
 * behind (no output, no temporary file) whenever a backup does not open.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptBackup, encryptBackup, type BackupKey } from '../../../src/core/crypto/backup-file.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedRejection } from '../../support/typed-errors.ts';

const newDir = useTempDir('backup-file');
const posix = process.platform !== 'win32';
const DESK: BackupKey = { kind: 'desk', key: randomBytes(32) };
const OTHER_DESK: BackupKey = { kind: 'desk', key: randomBytes(32) };
const PASSPHRASE: BackupKey = { kind: 'passphrase', passphrase: 'four brown owls by the river' };
const META = { deskId: 'desk-12', createdAt: new Date('2026-11-22T09:00:00Z') };

/** 3.5 MiB of random bytes: more than three of the 1 MiB chunks, and a partial one. */
async function encrypted(key: BackupKey = DESK) {
  const dir = newDir();
  const plain = join(dir, 'plain.bin');
  const bytes = randomBytes(3.5 * 1024 * 1024);
  writeFileSync(plain, bytes);
  const file = join(dir, 'backup.tanu-backup');
  await encryptBackup(plain, file, key, META);
  return { dir, plain, bytes, file, out: join(dir, 'decrypted.bin') };
}

/** The file with `at` (from its end when negative) changed. */
function flipByte(file: string, at: number): void {
  const bytes = readFileSync(file);
  const i = at < 0 ? bytes.length + at : at;
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  writeFileSync(file, bytes);
}

describe('the encrypted backup file', () => {
  it('round-trips a multi-chunk file, with a private output and its metadata', async () => {
    const b = await encrypted();
    const text = readFileSync(b.file);
    expect(text.subarray(0, 8).toString('ascii')).toBe('TANU-BAK');
    // The ciphertext is not the plaintext: no 64-byte run of the plaintext appears in the file.
    expect(text.includes(b.bytes.subarray(2_000_000, 2_000_064))).toBe(false);
    if (posix) expect(statSync(b.file).mode & 0o777).toBe(0o600);
    const info = await decryptBackup(b.file, b.out, DESK);
    expect(info).toEqual({
      deskId: 'desk-12',
      createdAt: '2026-11-22T09:00:00.000Z',
      keyKind: 'desk',
      bytes: b.bytes.length,
    });
    expect(readFileSync(b.out).equals(b.bytes)).toBe(true);
    if (posix) expect(statSync(b.out).mode & 0o777).toBe(0o600);
  });

  it('never overwrites an existing file', async () => {
    const b = await encrypted();
    const before = readFileSync(b.file);
    await expect(encryptBackup(b.plain, b.file, DESK, META)).rejects.toThrow(/EEXIST/);
    expect(readFileSync(b.file).equals(before)).toBe(true);
  });

  it('a wrong key, a truncated file and altered bytes each have their own error, and leave no output', async () => {
    const b = await encrypted();
    const original = readFileSync(b.file);
    const restore = () => writeFileSync(b.file, original);
    const attempt = () => typedRejection(decryptBackup(b.file, b.out, DESK));

    expect(await typedRejection(decryptBackup(b.file, b.out, OTHER_DESK))).toBe('BACKUP_WRONG_KEY');
    expect(await typedRejection(decryptBackup(b.file, b.out, PASSPHRASE))).toBe('BACKUP_NEEDS_DESK_KEY');

    truncateSync(b.file, original.length - 1000);
    expect(await attempt()).toBe('BACKUP_TRUNCATED');
    truncateSync(b.file, 40); // inside the header
    expect(await attempt()).toBe('BACKUP_TRUNCATED');
    truncateSync(b.file, 5); // inside the format id
    expect(await attempt()).toBe('BACKUP_TRUNCATED');
    restore();

    flipByte(b.file, original.length - 2_000_000); // the ciphertext, mid-file
    expect(await attempt()).toBe('BACKUP_ALTERED');
    restore();
    flipByte(b.file, -1); // the tag
    expect(await attempt()).toBe('BACKUP_ALTERED');
    restore();
    // The header is authenticated too: another desk id in it does not go unnoticed.
    writeFileSync(b.file, Buffer.from(original.toString('latin1').replace('desk-12', 'desk-13'), 'latin1'));
    expect(await attempt()).toBe('BACKUP_ALTERED');
    writeFileSync(b.file, Buffer.concat([original, Buffer.from([0])]));
    expect(await attempt()).toBe('BACKUP_ALTERED');
    restore();

    expect(existsSync(b.out)).toBe(false);
    expect(readdirSync(b.dir).sort()).toEqual(['backup.tanu-backup', 'plain.bin']);
    // And the untouched file still opens.
    await decryptBackup(b.file, null, DESK);
  });

  it('under a passphrase: opens with it only, and asks for it', async () => {
    const b = await encrypted(PASSPHRASE);
    expect(
      readFileSync(b.file).includes(
        Buffer.from(PASSPHRASE.kind === 'passphrase' ? PASSPHRASE.passphrase : ''),
      ),
    ).toBe(false);
    const wrong: BackupKey = { kind: 'passphrase', passphrase: 'four brown owls by the rivers' };
    expect(await typedRejection(decryptBackup(b.file, b.out, wrong))).toBe('BACKUP_WRONG_KEY');
    expect(await typedRejection(decryptBackup(b.file, b.out, DESK))).toBe('BACKUP_NEEDS_PASSPHRASE');
    expect(existsSync(b.out)).toBe(false);
    expect((await decryptBackup(b.file, b.out, PASSPHRASE)).keyKind).toBe('passphrase');
    expect(readFileSync(b.out).equals(b.bytes)).toBe(true);
  });

  it('refuses a short passphrase before writing anything', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'plain.bin'), 'x');
    const out = join(dir, 'short.tanu-backup');
    expect(
      await typedRejection(
        encryptBackup(join(dir, 'plain.bin'), out, { kind: 'passphrase', passphrase: 'short' }, META),
      ),
    ).toBe('KEY_INSECURE');
    expect(existsSync(out)).toBe(false);
  });

  it('tells a plaintext SQLite file, a stranger and a newer format apart', async () => {
    const dir = newDir();
    const out = join(dir, 'out.bin');
    const file = (name: string, bytes: Buffer) => {
      writeFileSync(join(dir, name), bytes);
      return typedRejection(decryptBackup(join(dir, name), out, DESK));
    };
    expect(
      await file('old.sqlite', Buffer.concat([Buffer.from('SQLite format 3\0'), randomBytes(4080)])),
    ).toBe('BACKUP_PLAINTEXT');
    expect(await file('notes.txt', Buffer.from('my shopping list, not a backup'))).toBe(
      'BACKUP_UNRECOGNISED',
    );
    expect(await file('empty', Buffer.alloc(0))).toBe('BACKUP_TRUNCATED');
    const b = await encrypted();
    const newer = readFileSync(b.file).toString('latin1').replace('"version":1', '"version":2');
    expect(await file('newer.tanu-backup', Buffer.from(newer, 'latin1'))).toBe('BACKUP_UNRECOGNISED');
    const garbled = readFileSync(b.file);
    garbled[14] = 0x7b; // inside the header's JSON
    expect(await file('garbled.tanu-backup', garbled)).toBe('BACKUP_ALTERED');
    expect(existsSync(out)).toBe(false);
  });
});
