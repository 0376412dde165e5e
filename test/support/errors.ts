/** The FaceEngineError code a call fails with, 'no error', or 'untyped: …' for any other failure. */
import { FaceEngineError } from '../../src/shared/errors.ts';

function codeOf(error: unknown): string {
  return error instanceof FaceEngineError ? error.code : `untyped: ${String(error)}`;
}

export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return codeOf(error);
  }
  return 'no error';
}

export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return codeOf(error);
  }
  return 'no error';
}
