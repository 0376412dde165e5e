/**
 * The one way the screens talk to main. window.kiosk already answers every call with an
 * IpcResult and never rejects; this wrapper keeps that promise even if the bridge is missing or a
 * call throws, and tells the app when main says nobody is signed in any more (the session ended
 * elsewhere, or main restarted), so every screen does not have to handle that case itself.
 */
import type { IpcResult } from '../../shared/ipc/contract-kit.ts';
import type { KioskApi } from '../../shared/ipc/channels.ts';
import { SESSION_ENDED_CODES } from '../../shared/kiosk-errors.ts';

/** `code`: why (NOT_SIGNED_IN, or SESSION_EXPIRED / SESSION_REVOKED when the desk ended it). */
type SignedOutListener = (code: string) => void;

const signedOutListeners = new Set<SignedOutListener>();

/** Called when any call answers that nobody is signed in; returns the unsubscribe function. */
export function onSignedOut(listener: SignedOutListener): () => void {
  signedOutListeners.add(listener);
  return () => {
    signedOutListeners.delete(listener);
  };
}

/** Asks the operator for their password again; true once main accepted it. */
type PasswordPrompt = () => Promise<boolean>;

let passwordPrompt: PasswordPrompt | null = null;

/**
 * The app's one password dialog registers here: a call answered PASSWORD_REQUIRED (a backup, a
 * transfer file, a settings change long after sign-in) asks it, and is sent again once.
 */
export function setPasswordPrompt(prompt: PasswordPrompt | null): void {
  passwordPrompt = prompt;
}

async function invokeOnce<T>(invoke: (kiosk: KioskApi) => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await invoke(window.kiosk);
  } catch {
    return { ok: false, code: 'INTERNAL' };
  }
}

/** Runs one call on window.kiosk: `kioskCall((k) => k.visitStart())`. Never rejects. */
export async function kioskCall<T>(
  invoke: (kiosk: KioskApi) => Promise<IpcResult<T>>,
): Promise<IpcResult<T>> {
  let result = await invokeOnce(invoke);
  if (!result.ok && result.code === 'PASSWORD_REQUIRED' && passwordPrompt !== null) {
    if (await passwordPrompt()) result = await invokeOnce(invoke);
  }
  if (!result.ok && SESSION_ENDED_CODES.has(result.code)) {
    for (const listener of signedOutListeners) listener(result.code);
  }
  return result;
}
