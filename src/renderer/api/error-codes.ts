/**
 * The error codes the screens explain in words. Every code here has a translated message (the
 * Messages type requires it); any other code is shown as "Something went wrong (CODE)" so that IT
 * can still look it up.
 */
export const KNOWN_ERROR_CODES = [
  // Router
  'UNKNOWN_CHANNEL',
  'UNTRUSTED_SENDER',
  'PAYLOAD_TOO_LARGE',
  'INVALID_PAYLOAD',
  'INTERNAL',
  // The kiosk itself
  'SETUP_REQUIRED',
  'SETUP_DONE',
  'NOT_SIGNED_IN',
  'NOT_YOUR_VISIT',
  'ENROLMENT_NOT_FOUND',
  'PRINT_FAILED',
  'ENGINE_NOT_READY',
  // Configuration
  'INVALID_CONFIG',
  'CONFIG_UNREADABLE',
  'SECRET_MISSING',
  // Keys, desk transfer and backups
  'KEY_MISSING',
  'KEY_INVALID',
  'KEY_INSECURE',
  'KEY_UNAVAILABLE',
  'DECRYPT_FAILED',
  'STORE_FAILED',
  // Face engine
  'INVALID_FRAME',
  'FRAME_TOO_LARGE',
  'CORRUPT_IMAGE',
  'MODEL_MISSING',
  'MODEL_TAMPERED',
  'ENGINE_UNAVAILABLE',
  'ENGINE_TIMEOUT',
  'ENGINE_CRASHED',
  // Store
  'DISK_FULL',
  'DATABASE_BUSY',
  'DATABASE_CORRUPT',
  'DATABASE_UNAVAILABLE',
  // Registry and accounts
  'IIN_LENGTH',
  'IIN_NOT_DIGITS',
  'IIN_CENTURY_DIGIT',
  'IIN_BAD_DATE',
  'IIN_CHECK_DIGIT',
  'IIN_ALREADY_REGISTERED',
  'IIN_UNREADABLE',
  'INVALID_NAME',
  'INVALID_BIRTH_DATE',
  'INVALID_PHONE',
  'INVALID_PATIENT',
  'PATIENT_NOT_FOUND',
  'INVALID_REPRESENTATIVE',
  'TEMPLATE_NOT_FOUND',
  'TEMPLATE_UNREADABLE',
  'CONSENT_REQUIRED',
  'INVALID_CONSENT',
  'INVALID_ENROLMENT',
  'INVALID_OPERATOR',
  'OPERATOR_EXISTS',
  'AUTHENTICATION_FAILED',
  'OPERATOR_LOCKED',
  'NOT_AUTHORISED',
  // Audit
  'AUDIT_CHAIN_BROKEN',
  'INVALID_RETENTION',
  // Codes
  'CODE_MALFORMED',
  'CODE_RATE_LIMITED',
  'CODE_NOT_FOUND',
  // Visit
  'INVALID_EVENT',
  'VISIT_ENDED',
  'VISIT_NOT_FOUND',
  'FRAME_NOT_EXPECTED',
  'NO_SLIP',
  'INVALID_VISIT_REQUEST',
  // Slip
  'SLIP_FONT_MISSING',
  'SLIP_RENDER_FAILED',
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
