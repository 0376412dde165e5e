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

/** A typed failure of the face engine. `code` is stable API; `message` is for logs and IT. */
export class FaceEngineError extends Error {
  readonly code: FaceErrorCode;

  constructor(code: FaceErrorCode, message: string) {
    super(message);
    this.name = 'FaceEngineError';
    this.code = code;
  }
}

export function isFaceErrorCode(value: unknown): value is FaceErrorCode {
  return typeof value === 'string' && (FACE_ERROR_CODES as readonly string[]).includes(value);
}
