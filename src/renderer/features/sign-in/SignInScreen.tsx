import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { OperatorView } from '../../api/types.ts';
import { CredentialFields } from '../../components/CredentialFields.tsx';
import { ErrorNote } from '../../components/Messages.tsx';
import { Screen } from '../../components/Screen.tsx';
import './sign-in.css';

interface SignInScreenProps {
  onSignedIn: (operator: OperatorView) => void;
  /** Why the desk ended the last session (idle, account locked), said until the next attempt. */
  ended?: string | null;
}

/** Login and password; a wrong password or a locked account is said plainly. */
export function SignInScreen({ onSignedIn, ended = null }: SignInScreenProps) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(ended);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (login.trim() === '' || secret === '') {
      setError('AUTHENTICATION_FAILED');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await kioskCall((k) => k.sessionSignIn({ login: login.trim(), secret }));
    setBusy(false);
    // The password is not kept on screen after an attempt, right or wrong.
    setSecret('');
    if (result.ok) onSignedIn(result.value);
    else setError(result.code);
  };

  return (
    <Screen name="signIn" title={t('signIn.title')} lead={t('signIn.lead')}>
      <form className="form sign-in card" onSubmit={(e) => void submit(e)} noValidate>
        <CredentialFields
          loginLabel={t('signIn.login')}
          passwordLabel={t('signIn.password')}
          login={login}
          secret={secret}
          onLogin={setLogin}
          onSecret={setSecret}
          autoComplete="sign-in"
        />
        <ErrorNote code={error} />
        <button type="submit" className="btn btn--primary btn--huge" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </Screen>
  );
}
