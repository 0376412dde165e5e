/**
 * A form whose one field is a passphrase (a desk-transfer file's): it must not be empty, the call is
 * made once at a time, and a refusal that means "wrong passphrase" clears the field, so it is typed
 * again from scratch like a wrong password. What the call does and which codes mean that differ.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { IpcResult } from '../../shared/ipc/contract-kit.ts';
import type { KioskApi } from '../../shared/ipc/channels.ts';
import { kioskCall } from '../api/kiosk-call.ts';

export interface PassphraseSubmit {
  passphrase: string;
  /** Typing clears the "is empty" message. */
  type: (value: string) => void;
  /** Submitted empty. */
  missing: boolean;
  /** The code of the last refusal, or null. */
  error: string | null;
  busy: boolean;
  submit: (event: FormEvent) => Promise<void>;
}

export function usePassphraseSubmit<T>(
  call: (kiosk: KioskApi, passphrase: string) => Promise<IpcResult<T>>,
  onDone: (value: T) => void,
  wrongPassphraseCodes: readonly string[],
): PassphraseSubmit {
  const [passphrase, setPassphrase] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMissing(passphrase === '');
    if (passphrase === '') return;
    setBusy(true);
    const result = await kioskCall((k) => call(k, passphrase));
    setBusy(false);
    if (result.ok) {
      setPassphrase('');
      onDone(result.value);
      return;
    }
    if (wrongPassphraseCodes.includes(result.code)) setPassphrase('');
    setError(result.code);
  };

  const type = (value: string) => {
    setMissing(false);
    setPassphrase(value);
  };

  return { passphrase, type, missing, error, busy, submit };
}
