/**
 * What a failed start was, in the start-up screen's words. Errors are classified by their typed
 * code, so a new failure of a known kind lands on the right screen without another list here.
 */
import type { StartupProblem } from '../../shared/startup-problems.ts';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { StoreError } from '../../shared/store-errors.ts';
import { AuditError } from '../../shared/audit-errors.ts';

export function startupProblemOf(error: unknown): StartupProblem {
  if (error instanceof StoreError) {
    switch (error.code) {
      case 'DATABASE_CORRUPT':
      case 'DATABASE_MISSING':
      case 'SCHEMA_TOO_NEW':
        return error.code;
      case 'DATABASE_UNAVAILABLE':
      case 'DISK_FULL':
      case 'DATABASE_BUSY':
      case 'JOURNAL_MODE_REFUSED':
        return 'DATABASE_UNAVAILABLE';
      default:
        return 'UNEXPECTED';
    }
  }
  if (error instanceof CryptoError) {
    switch (error.code) {
      case 'KEY_MISSING':
        return 'KEY_MISSING';
      case 'KEY_UNAVAILABLE':
      case 'KEY_INSECURE':
        return 'KEY_STORE_LOCKED';
      case 'KEY_INVALID':
      case 'KEY_WRONG':
      case 'DECRYPT_FAILED':
        return 'KEY_WRONG';
    }
  }
  if (error instanceof AuditError && error.code === 'AUDIT_CHAIN_BROKEN') return 'AUDIT_CHAIN_BROKEN';
  return 'UNEXPECTED';
}
