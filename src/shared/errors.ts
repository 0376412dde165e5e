/**
 * Error codes that may cross a process boundary (worker → host, main → renderer).
 * Only the code and a human message ever cross: never patient data, pixels or stack traces.
 */
export const FACE_ERROR_CODES = [
  'INVALID_FRAME',
  'FRAME_TOO_LARGE',
  'CORRUPT_IMAGE',
  'INVALID_DESCRIPTOR',
  'INVALID_TEMPLATE',
  'MODEL_MISSING',
  'MODEL_TAMPERED',
  'ENGINE_UNAVAILABLE',
  'ENGINE_TIMEOUT',
  'ENGINE_CRASHED',
] as const;

export type FaceErrorCode = (typeof FACE_ERROR_CODES)[number];

/**
 * Engine failures no restart mends (the models are missing or altered, or the engine could not
 * start at all): the desk's face path is unavailable until IT reinstalls, and visits use the code.
 */
export const ENGINE_CANNOT_RUN_CODES = [
  'MODEL_MISSING',
  'MODEL_TAMPERED',
  'ENGINE_UNAVAILABLE',
] as const satisfies readonly FaceErrorCode[];
export type EngineCannotRun = (typeof ENGINE_CANNOT_RUN_CODES)[number];

/**
 * Base of Tanu's typed errors: `code` is stable API (the UI and tests rely on it), `message` is
 * for logs and IT and never holds patient data.
 */
export class TanuError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string) {
    super(message);
    this.code = code;
  }
}

/** A typed failure of the face engine. */
export class FaceEngineError extends TanuError<FaceErrorCode> {
  override readonly name = 'FaceEngineError';
}

export function isFaceErrorCode(value: unknown): value is FaceErrorCode {
  return typeof value === 'string' && (FACE_ERROR_CODES as readonly string[]).includes(value);
}
