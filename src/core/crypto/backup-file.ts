/**
 * The encrypted backup file. A database backup holds names, phones, birth dates, refusal reasons
 * and doctors' names in plain columns, so it is only ever written encrypted: with the desk's data
 * key (its 'backup-seal' subkey; the usual backup, and the one a desk move carries) or with a
 * passphrase (an off-desk copy that must open without this PC's key store).
 *
 * Layout:  "TANU-BAK" ‖ header length (uint32 BE) ‖ header (JSON) ‖ ciphertext ‖ GCM tag (16)
 *
 * The header says what the file is (format, version, desk, creation time), which key opens it
 * (the desk's, or a passphrase with its scrypt salt and parameters), the IV, a key check and the
 * plaintext's length. Everything before the ciphertext is the AES-256-GCM associated data, so none
 * of it can be changed unnoticed. One GCM stream over the whole database, fed in 1 MiB chunks:
 * hundreds of MB never sit in memory.
 *
 * HKDF of the root key with the file's IV as salt gives this file's encryption key and a key check
 * value, stored in the header. GCM alone cannot tell a wrong key from altered bytes; the key check
 * does, before anything is decrypted, and costs a guesser nothing it would not pay anyway (the
 * scrypt of each guess). The plaintext's length tells a truncated file from an altered one.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { BackupError } from '../../shared/backup-errors.ts';
import { PRIVATE_FILE_MODE, wipeFile } from '../data-folder/private-files.ts';
import { isReasonableKdf, PASSPHRASE_KDF, passphraseKey, requireStrongPassphrase } from './passphrase-key.ts';

/** The ending of a backup file's name (the save and open dialogs filter on it). */
export const BACKUP_FILE_EXTENSION = 'tanu-backup';

/** Which key a backup is made or opened with. */
export type BackupKey =
  /** The desk's 'backup-seal' subkey (subkeys.ts). */
  { kind: 'desk'; key: Buffer } | { kind: 'passphrase'; passphrase: string };

const MAGIC = Buffer.from('TANU-BAK', 'ascii');
const PREFIX_BYTES = MAGIC.length + 4;
const MAX_HEADER_BYTES = 4096;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CHUNK_BYTES = 1024 * 1024;
const VERSION = 1;
/** What an unencrypted SQLite database starts with. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'ascii');

const headerSchema = z.strictObject({
  format: z.literal('tanu-backup'),
  version: z.literal(VERSION),
  deskId: z.string().max(200),
  createdAt: z.iso.datetime(),
  key: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('desk') }),
    z.strictObject({
      kind: z.literal('passphrase'),
      kdf: z.literal('scrypt'),
      N: z.int(),
      r: z.int(),
      p: z.int(),
      salt: z.base64(),
    }),
  ]),
  cipher: z.literal('aes-256-gcm'),
  iv: z.base64(),
  keyCheck: z.base64(),
  /** The plaintext's length, which the ciphertext's equals. */
  bytes: z.int().min(0),
});
type Header = z.output<typeof headerSchema>;

/** What the header of a backup that opened says. */
export interface BackupInfo {
  deskId: string;
  createdAt: string;
  keyKind: BackupKey['kind'];
  bytes: number;
}

function rootKey(key: BackupKey, spec: Header['key']): Buffer {
  if (spec.kind === 'desk') {
    if (key.kind !== 'desk') {
      throw new BackupError(
        'BACKUP_NEEDS_DESK_KEY',
        "This backup opens with a desk's data key, not a passphrase.",
      );
    }
    return Buffer.from(key.key);
  }
  if (key.kind !== 'passphrase') {
    throw new BackupError('BACKUP_NEEDS_PASSPHRASE', 'This backup was made with a passphrase; give it.');
  }
  const kdf = { N: spec.N, r: spec.r, p: spec.p };
  if (!isReasonableKdf(kdf))
    throw new BackupError('BACKUP_ALTERED', 'The backup asks for an unreasonable KDF.');
  return passphraseKey(key.passphrase, Buffer.from(spec.salt, 'base64'), kdf);
}

/** This file's encryption key and key check, from the root key and the file's IV. */
function fileKeys(root: Buffer, iv: Buffer): { key: Buffer; check: Buffer } {
  const both = Buffer.from(hkdfSync('sha256', root, iv, 'tanu/backup-file/v1', 64));
  root.fill(0);
  return { key: both.subarray(0, 32), check: both.subarray(32) };
}

async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) {
    const { bytesWritten } = await file.write(bytes, at, bytes.length - at);
    at += bytesWritten;
  }
}

/** Feeds bytes [from, to) of `file` to `each`, a chunk at a time, through one buffer that is zeroed after. */
async function eachChunk(
  file: FileHandle,
  from: number,
  to: number,
  each: (chunk: Buffer) => Promise<void>,
): Promise<void> {
  const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, to - from)));
  try {
    for (let at = from; at < to;) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, to - at), at);
      if (bytesRead === 0) throw new BackupError('BACKUP_TRUNCATED', 'The file ended while it was read.');
      await each(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
  } finally {
    buffer.fill(0);
  }
}

/**
 * Encrypts the database file `plainPath` into a new file `outPath` (created 0600, never over an
 * existing file; removed again if anything fails). A passphrase must be at least 12 characters.
 */
export async function encryptBackup(
  plainPath: string,
  outPath: string,
  key: BackupKey,
  meta: { deskId: string; createdAt: Date },
): Promise<void> {
  let spec: Header['key'] = { kind: 'desk' };
  if (key.kind === 'passphrase') {
    requireStrongPassphrase(key.passphrase, 'backup');
    const salt = randomBytes(16).toString('base64');
    spec = { kind: 'passphrase', kdf: 'scrypt', ...PASSPHRASE_KDF, salt };
  }
  const iv = randomBytes(IV_BYTES);
  const { key: fileKey, check } = fileKeys(rootKey(key, spec), iv);
  const source = await open(plainPath, 'r');
  let out: FileHandle | null = null;
  try {
    const bytes = (await source.stat()).size;
    const header: Header = {
      format: 'tanu-backup',
      version: VERSION,
      deskId: meta.deskId,
      createdAt: meta.createdAt.toISOString(),
      key: spec,
      cipher: 'aes-256-gcm',
      iv: iv.toString('base64'),
      keyCheck: check.toString('base64'),
      bytes,
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(json.length);
    const prefix = Buffer.concat([MAGIC, length, json]);
    const cipher = createCipheriv('aes-256-gcm', fileKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(prefix);
    out = await open(outPath, 'wx', PRIVATE_FILE_MODE);
    await writeAll(out, prefix);
    const sink = out;
    await eachChunk(source, 0, bytes, (chunk) => writeAll(sink, cipher.update(chunk)));
    await writeAll(out, cipher.final());
    await writeAll(out, cipher.getAuthTag());
    await out.sync();
  } catch (error) {
    if (out !== null) {
      await out.close();
      out = null;
      await rm(outPath, { force: true });
    }
    throw error;
  } finally {
    await out?.close();
    await source.close();
    fileKey.fill(0);
  }
}

function unrecognised(start: Buffer, size: number): BackupError {
  if (start.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    return new BackupError(
      'BACKUP_PLAINTEXT',
      'This is an unencrypted SQLite database, not an encrypted Tanu backup.',
    );
  }
  if (size < MAGIC.length && MAGIC.subarray(0, size).equals(start.subarray(0, size))) {
    return new BackupError('BACKUP_TRUNCATED', 'The backup file ends inside its header.');
  }
  return new BackupError('BACKUP_UNRECOGNISED', 'This is not a Tanu backup file.');
}

async function readHeader(file: FileHandle): Promise<{ header: Header; prefix: Buffer; size: number }> {
  const size = (await file.stat()).size;
  const start = Buffer.alloc(Math.max(PREFIX_BYTES, SQLITE_MAGIC.length));
  await file.read(start, 0, start.length, 0);
  if (size < PREFIX_BYTES || !start.subarray(0, MAGIC.length).equals(MAGIC)) throw unrecognised(start, size);
  const length = start.readUInt32BE(MAGIC.length);
  if (length > MAX_HEADER_BYTES)
    throw new BackupError('BACKUP_ALTERED', 'The backup header has an impossible length.');
  if (size < PREFIX_BYTES + length)
    throw new BackupError('BACKUP_TRUNCATED', 'The backup file ends inside its header.');
  const prefix = Buffer.alloc(PREFIX_BYTES + length);
  await file.read(prefix, 0, prefix.length, 0);
  let json: unknown;
  try {
    json = JSON.parse(prefix.subarray(PREFIX_BYTES).toString('utf8'));
  } catch {
    throw new BackupError('BACKUP_ALTERED', 'The backup header is not readable.');
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > VERSION) {
    throw new BackupError('BACKUP_UNRECOGNISED', `This backup was made by a newer Tanu (format ${version}).`);
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw new BackupError('BACKUP_ALTERED', 'The backup header is not valid.');
  return { header: parsed.data, prefix, size };
}

/**
 * Decrypts the backup `inPath` into a new file `outPath` (created 0600), or only checks it when
 * `outPath` is null. The tag is checked when the last byte is through, so the output must not be
 * used before this resolves: on any failure it is overwritten and removed, and a typed
 * BackupError says why (wrong key, truncated, altered, not a backup, plaintext).
 */
export async function decryptBackup(
  inPath: string,
  outPath: string | null,
  key: BackupKey,
): Promise<BackupInfo> {
  const file = await open(inPath, 'r');
  let out: FileHandle | null = null;
  let fileKey: Buffer | null = null;
  try {
    const { header, prefix, size } = await readHeader(file);
    const expected = prefix.length + header.bytes + TAG_BYTES;
    if (size < expected) {
      throw new BackupError(
        'BACKUP_TRUNCATED',
        `The backup file has ${size} bytes; its header says ${expected}.`,
      );
    }
    if (size > expected)
      throw new BackupError('BACKUP_ALTERED', 'The backup file is longer than its header says.');
    const iv = Buffer.from(header.iv, 'base64');
    const stored = Buffer.from(header.keyCheck, 'base64');
    if (iv.length !== IV_BYTES) throw new BackupError('BACKUP_ALTERED', 'The backup header has a bad IV.');
    const derived = fileKeys(rootKey(key, header.key), iv);
    fileKey = derived.key;
    if (stored.length !== derived.check.length || !timingSafeEqual(stored, derived.check)) {
      throw new BackupError(
        'BACKUP_WRONG_KEY',
        header.key.kind === 'desk'
          ? "This backup was made with another desk's data key."
          : 'The passphrase is not the one this backup was made with.',
      );
    }
    const tag = Buffer.alloc(TAG_BYTES);
    await file.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', fileKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(prefix);
    decipher.setAuthTag(tag);
    if (outPath !== null) out = await open(outPath, 'wx', PRIVATE_FILE_MODE);
    const sink = out;
    await eachChunk(file, prefix.length, size - TAG_BYTES, async (chunk) => {
      const plain = decipher.update(chunk);
      if (sink !== null) await writeAll(sink, plain);
      plain.fill(0);
    });
    try {
      decipher.final();
    } catch {
      throw new BackupError('BACKUP_ALTERED', 'The backup does not authenticate: its bytes were changed.');
    }
    await out?.sync();
    return {
      deskId: header.deskId,
      createdAt: header.createdAt,
      keyKind: header.key.kind,
      bytes: header.bytes,
    };
  } catch (error) {
    if (out !== null) {
      await out.close();
      out = null;
      if (outPath !== null) wipeFile(outPath);
    }
    throw error;
  } finally {
    await out?.close();
    await file.close();
    fileKey?.fill(0);
  }
}
