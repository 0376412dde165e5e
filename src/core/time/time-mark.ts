/**
 * The time high-water mark: the latest time this desk has vouched for, kept outside the database
 * in a small file sealed with the desk's key (crypto/sealed-file.ts: it cannot be edited or moved
 * from another desk, and is written atomically). The mark the desk starts from is the later of this
 * file and the newest audit row, so neither deleting the file nor restoring an older copy of it
 * winds time back.
 */
import { readSealedJson, writeSealedJson, type SealedFileSpec } from '../crypto/sealed-file.ts';

export const TIME_MARK_FILE_NAME = 'time-mark.sealed';

const FORMAT = 'tanu/time-mark/v1';

export type TimeMarkRead =
  | { status: 'absent' }
  | { status: 'ok'; ms: number }
  /** Present but not sealed by this desk's key for this desk: treated as absent, and reported. */
  | { status: 'unreadable' };

function spec(path: string, key: Buffer, deskId: string): SealedFileSpec<number> {
  return {
    path,
    key,
    binding: [FORMAT, deskId],
    parse: (ms) => (typeof ms === 'number' && Number.isSafeInteger(ms) && ms >= 0 ? ms : null),
  };
}

/** `key` is the 'time-mark' subkey. */
export function readTimeMark(path: string, key: Buffer, deskId: string): TimeMarkRead {
  const read = readSealedJson(spec(path, key, deskId));
  return read.status === 'ok' ? { status: 'ok', ms: read.value } : read;
}

export function writeTimeMark(path: string, key: Buffer, deskId: string, ms: number): void {
  writeSealedJson(spec(path, key, deskId), Math.floor(ms));
}
