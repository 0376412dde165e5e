/**
 * The code of any of Tanu's typed errors (store, registry, crypto, audit, face engine) a call fails
 * with, 'no error', or 'untyped: …' for any other failure, so a test can tell "rejected for the
 * right reason" from "crashed".
 */
import { isTypedError } from '../../src/core/store/sqlite-errors.ts';

function codeOf(error: unknown): string {
  return isTypedError(error) ? error.code : `untyped: ${String(error)}`;
}

export function typedCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return codeOf(error);
  }
  return 'no error';
}

export async function typedRejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return codeOf(error);
  }
  return 'no error';
}
