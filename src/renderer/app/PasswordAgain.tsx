import type { FormEvent } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall, setPasswordPrompt } from '../api/kiosk-call.ts';
import { TextField } from '../components/Field.tsx';
import { ErrorNote } from '../components/Messages.tsx';
import '../components/dialog.css';

/**
 * The one "password again" dialog of a signed-in session. Main answers PASSWORD_REQUIRED to a
 * transfer-file export, a backup or a settings change when the password was typed more than two
 * minutes ago; kioskCall then asks here, and sends the call again once main accepted the password.
 * Cancel leaves the action undone. The password is never kept after an attempt.
 */
export function PasswordAgain() {
  const [asking, setAsking] = useState(false);
  const answer = useRef<((confirmed: boolean) => void) | null>(null);

  useEffect(() => {
    setPasswordPrompt(
      () =>
        new Promise<boolean>((resolve) => {
          answer.current?.(false);
          answer.current = resolve;
          setAsking(true);
        }),
    );
    return () => {
      setPasswordPrompt(null);
      answer.current?.(false);
      answer.current = null;
    };
  }, []);

  const finish = (confirmed: boolean) => {
    answer.current?.(confirmed);
    answer.current = null;
    setAsking(false);
  };

  return asking ? <PasswordDialog onDone={finish} /> : null;
}

function PasswordDialog({ onDone }: { onDone: (confirmed: boolean) => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement | null>(null);
  const titleId = useId();
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    return () => element.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (secret === '') {
      setError('AUTHENTICATION_FAILED');
      return;
    }
    setBusy(true);
    const result = await kioskCall((k) => k.sessionConfirmPassword({ secret }));
    setBusy(false);
    setSecret('');
    if (result.ok) onDone(true);
    else setError(result.code);
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onDone(false);
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {t('passwordAgain.title')}
      </h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="dialog__body">{t('passwordAgain.lead')}</p>
        <TextField
          label={t('passwordAgain.password')}
          type="password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          autoComplete="current-password"
          maxLength={256}
          autoFocus
        />
        <ErrorNote code={error} />
        <div className="actions actions--end">
          <button type="button" className="btn btn--quiet" onClick={() => onDone(false)} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t('passwordAgain.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
