/**
 * Why an encrypted backup file (src/core/crypto/backup-file.ts) was not opened. Each is found
 * before anything is restored, and nothing decrypted is left behind.
 */
import { TanuError } from './errors.ts';

export const BACKUP_ERROR_CODES = [
  /** Not a Tanu backup at all, or one written by a newer Tanu. */
  'BACKUP_UNRECOGNISED',
  /** An unencrypted SQLite database (a backup of an older Tanu, or the sqlite3 tool's): never taken as a backup here. */
  'BACKUP_PLAINTEXT',
  /** The backup was encrypted with a passphrase (an off-desk copy), and none was given. */
  'BACKUP_NEEDS_PASSPHRASE',
  /** The backup was encrypted with a desk's data key, and a passphrase was given instead. */
  'BACKUP_NEEDS_DESK_KEY',
  /** The key or passphrase is not the one the backup was made with (its key check differs). */
  'BACKUP_WRONG_KEY',
  /** The file ends before the length its header states: an interrupted copy. */
  'BACKUP_TRUNCATED',
  /** The right key, but the bytes do not authenticate: the file was changed or damaged. */
  'BACKUP_ALTERED',
] as const;
export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[number];

export class BackupError extends TanuError<BackupErrorCode> {
  override readonly name = 'BackupError';
}
