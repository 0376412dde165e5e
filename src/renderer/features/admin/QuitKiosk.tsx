import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { TextField } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Messages.tsx';

/**
 * The only way out of the production kiosk: an admin, with their password again. Main audits the
 * quit before the app closes; a wrong password counts like a wrong sign-in.
 */
export function QuitKiosk() {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const quit = async () => {
    if (secret === '') return;
    setBusy(true);
    const result = await kioskCall((k) => k.adminQuit({ secret }));
    setBusy(false);
    setSecret('');
    if (!result.ok) setError(result.code);
  };

  return (
    <>
      <button type="button" className="btn btn--quiet" onClick={() => setAsking(true)}>
        {t('admin.quit.button')}
      </button>
      {asking ? (
        <ConfirmDialog
          title={t('admin.quit.title')}
          confirmLabel={t('admin.quit.submit')}
          busy={busy}
          onConfirm={() => void quit()}
          onCancel={() => {
            setAsking(false);
            setSecret('');
            setError(null);
          }}
        >
          <p>{t('admin.quit.lead')}</p>
          <TextField
            label={t('admin.quit.password')}
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="current-password"
            maxLength={256}
          />
          <ErrorNote code={error} />
        </ConfirmDialog>
      ) : null}
    </>
  );
}
