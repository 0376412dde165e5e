/**
 * A small JSON value kept outside the database in a file of its own, sealed (AES-256-GCM, aead.ts)
 * with one of the desk's subkeys and bound by its associated data to a format name and whatever
 * else the caller names (the desk id): it cannot be edited, nor copied from another desk or from
 * another kind of sealed file. Replaced atomically (atomic-file.ts), so a power cut leaves the old
 * value or the new one. The time mark, the clinic's acknowledgement and the chain head use it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../store/atomic-file.ts';
import { open, seal } from './aead.ts';

export type SealedRead<T> =
  | { status: 'absent' }
  | { status: 'ok'; value: T }
  /** Present but not sealed with this key and binding, damaged, or not of the expected shape. */
  | { status: 'unreadable' };

export interface SealedFileSpec<T> {
  path: string;
  /** The subkey of this file's purpose (crypto/subkeys.ts). */
  key: Buffer;
  /** The format name and what the file is bound to, e.g. ['tanu/time-mark/v1', deskId]. */
  binding: readonly string[];
  /** The content's shape: the value, or null when it is not what this file holds. */
  parse(value: unknown): T | null;
}

function aad(binding: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify(binding), 'utf8');
}

export function readSealedJson<T>(spec: SealedFileSpec<T>): SealedRead<T> {
  if (!existsSync(spec.path)) return { status: 'absent' };
  try {
    const plain = open(spec.key, readFileSync(spec.path), aad(spec.binding));
    const value = spec.parse(JSON.parse(plain.toString('utf8')));
    return value === null ? { status: 'unreadable' } : { status: 'ok', value };
  } catch {
    return { status: 'unreadable' };
  }
}

export function writeSealedJson<T>(spec: SealedFileSpec<T>, value: T): void {
  const plain = Buffer.from(JSON.stringify(value), 'utf8');
  writeFileAtomic(spec.path, seal(spec.key, plain, aad(spec.binding)));
}
