import type { Ref } from 'react';
import { useState } from 'react';
import type { IpcResult } from '../../../shared/ipc/contract-kit.ts';

/**
 * A call the admin starts with a button (a check, a backup): busy while it runs, then its value or
 * its error code; each run clears the last one's.
 */
export function useRun<T>(call: () => Promise<IpcResult<T>>) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    setValue(null);
    const result = await call();
    setBusy(false);
    if (result.ok) setValue(result.value);
    else setError(result.code);
  };

  return { value, error, busy, run };
}

interface RunButtonProps {
  busy: boolean;
  onRun: () => Promise<void>;
  label: string;
  /** Said on the button while the call runs. */
  busyLabel: string;
  ref?: Ref<HTMLButtonElement>;
}

/** The panel's one button, focused when the panel opens: what the admin came to do. */
export function RunButton({ busy, onRun, label, busyLabel, ref }: RunButtonProps) {
  return (
    <div className="actions">
      <button
        ref={ref}
        type="button"
        className="btn btn--primary"
        onClick={() => void onRun()}
        disabled={busy}
        autoFocus
      >
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}
