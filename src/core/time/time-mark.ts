/**
 * The time high-water mark: the latest time this desk has vouched for, kept outside the database
 * in a small file sealed with the desk's key (so it cannot be edited or moved from another desk)
 * and written atomically. The mark the desk starts from is the later of this file and the newest
 * audit row, so neither deleting the file nor restoring an older copy of it winds time back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { open, seal } from '../crypto/aead.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';

export const TIME_MARK_FILE_NAME = 'time-mark.sealed';

const FORMAT = 'tanu/time-mark/v1';

function aad(deskId: string): Buffer {
  return Buffer.from(JSON.stringify([FORMAT, deskId]), 'utf8');
}

export type TimeMarkRead =
  | { status: 'absent' }
  | { status: 'ok'; ms: number }
  /** Present but not sealed by this desk's key for this desk: treated as absent, and reported. */
  | { status: 'unreadable' };

/** `key` is the 'time-mark' subkey. */
export function readTimeMark(path: string, key: Buffer, deskId: string): TimeMarkRead {
  if (!existsSync(path)) return { status: 'absent' };
  try {
    const plain = open(key, readFileSync(path), aad(deskId));
    const ms: unknown = JSON.parse(plain.toString('utf8'));
    if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0) return { status: 'unreadable' };
    return { status: 'ok', ms };
  } catch {
    return { status: 'unreadable' };
  }
}

export function writeTimeMark(path: string, key: Buffer, deskId: string, ms: number): void {
  writeFileAtomic(path, seal(key, Buffer.from(JSON.stringify(Math.floor(ms)), 'utf8'), aad(deskId)));
}
