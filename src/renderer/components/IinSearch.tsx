import { useState } from 'react';
import { kioskCall } from '../api/kiosk-call.ts';
import type { PatientSummary } from '../api/types.ts';
import { useErrorText } from '../i18n/error-text.ts';
import { TextField } from './Field.tsx';

/** Digits only: an IIN read aloud is often typed with spaces. */
function normaliseIin(value: string): string {
  return value.replace(/[\s-]/g, '');
}

interface IinFieldState {
  value: string;
  onChange: (value: string) => void;
  /** The failed search's error code, in words under the field. */
  errorCode: string | null;
}

/**
 * A search by IIN: the typed IIN, and `find`, which asks main for the patients registered under it
 * (spaces and dashes dropped) and gives null when the search failed, its error then shown under
 * the field. `setBusy` is the form's: nothing else is sent meanwhile.
 */
export function useIinSearch(setBusy: (busy: boolean) => void) {
  const [iin, setIin] = useState('');
  const [error, setError] = useState<string | null>(null);

  const find = async (): Promise<PatientSummary[] | null> => {
    setError(null);
    setBusy(true);
    const result = await kioskCall((k) => k.patientFindByIin({ iin: normaliseIin(iin) }));
    setBusy(false);
    if (!result.ok) {
      setError(result.code);
      return null;
    }
    return result.value;
  };

  const field: IinFieldState = { value: iin, onChange: setIin, errorCode: error };
  return { field, find, clearError: () => setError(null) };
}

type IinFieldProps = IinFieldState & {
  label: string;
  hint: string;
  autoFocus?: boolean;
};

/** The IIN input of a search: the digits keyboard, nothing remembered, room for spaces. */
export function IinField({ label, hint, value, onChange, errorCode, autoFocus }: IinFieldProps) {
  const errorText = useErrorText();
  return (
    <TextField
      label={label}
      hint={hint}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      inputMode="numeric"
      autoComplete="off"
      maxLength={20}
      error={errorCode === null ? null : errorText(errorCode)}
      autoFocus={autoFocus}
    />
  );
}
