/**
 * The error codes the screens explain in words. Every code here has a translated message (the
 * Messages type requires it); any other code is shown as "Something went wrong (CODE)" so that IT
 * can still look it up.
 */
import { CONFIG_ERROR_CODES } from '../../shared/config-errors.ts';
import { FACE_ERROR_CODES } from '../../shared/errors.ts';
import { ROUTER_ERROR_CODES } from '../../shared/ipc/contract-kit.ts';
import { KIOSK_ERROR_CODES } from '../../shared/kiosk-errors.ts';
import { AUDIT_ERROR_CODES } from '../../shared/audit-errors.ts';
import { BACKUP_ERROR_CODES } from '../../shared/backup-errors.ts';
import { CODE_ERROR_CODES } from '../../shared/code-errors.ts';
import { CRYPTO_ERROR_CODES } from '../../shared/crypto-errors.ts';
import { REGISTRY_ERROR_CODES } from '../../shared/registry-errors.ts';
import { STORE_ERROR_CODES } from '../../shared/store-errors.ts';
import { SLIP_ERROR_CODES } from '../../shared/slip-errors.ts';
import { VISIT_ERROR_CODES } from '../../shared/visit-errors.ts';

/** `codes` without `left`: a family's codes less those no screen explains (a typo in `left` does not compile). */
function without<const Code extends string, const Left extends Code>(
  codes: readonly Code[],
  left: readonly Left[],
): Exclude<Code, Left>[] {
  const skipped: ReadonlySet<string> = new Set(left);
  return codes.filter((code): code is Exclude<Code, Left> => !skipped.has(code));
}

/**
 * Each family's codes as src/shared defines them, less those no screen explains in words (they
 * read "Something went wrong (CODE)"): a broken install's, or checks of what main builds itself.
 */
export const KNOWN_ERROR_CODES = [
  ...ROUTER_ERROR_CODES,
  ...KIOSK_ERROR_CODES,
  ...CONFIG_ERROR_CODES,
  ...CRYPTO_ERROR_CODES,
  ...BACKUP_ERROR_CODES,
  ...without(STORE_ERROR_CODES, ['SCHEMA_TOO_NEW', 'MIGRATIONS_INVALID', 'JOURNAL_MODE_REFUSED']),
  ...without(FACE_ERROR_CODES, ['INVALID_DESCRIPTOR', 'INVALID_TEMPLATE']),
  ...without(REGISTRY_ERROR_CODES, ['INVALID_DECISION']),
  ...without(AUDIT_ERROR_CODES, ['INVALID_AUDIT_EVENT']),
  ...without(CODE_ERROR_CODES, ['INVALID_CODE_REQUEST']),
  ...without(VISIT_ERROR_CODES, ['INVALID_VISIT_CONFIG']),
  ...without(SLIP_ERROR_CODES, ['INVALID_SLIP_INPUT']),
] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(KNOWN_ERROR_CODES);

export function isKnownErrorCode(code: string): code is KnownErrorCode {
  return KNOWN.has(code);
}

/**
 * The face engine is starting or restarting (main restarts its process after a crash): the camera
 * screen waits a moment and tries again instead of showing an error.
 */
const ENGINE_RESTARTING: ReadonlySet<string> = new Set([
  'ENGINE_UNAVAILABLE',
  'ENGINE_CRASHED',
  'ENGINE_TIMEOUT',
  'ENGINE_NOT_READY',
]);

export function isEngineRestarting(code: string): boolean {
  return ENGINE_RESTARTING.has(code);
}
