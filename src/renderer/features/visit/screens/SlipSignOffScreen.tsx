import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { TextField } from '../../../components/Field.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitScreen } from '../VisitScreen.tsx';

/**
 * The slip's second party: a registrar or an administrator, standing at this desk, types their own
 * login and password (the doctor stays signed in). Main checks them as a sign-in; the password is
 * cleared from the screen after every attempt, right or wrong.
 */
export function SlipSignOffScreen({ visit, patient }: { visit: VisitController; patient: PatientSummary }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [secret, setSecret] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (login.trim() === '' || secret === '') return;
    const typed = secret;
    setSecret('');
    await visit.signOffSlip(login.trim(), typed);
  };

  return (
    <VisitScreen
      name="slipSignOff"
      title={t('slipSignOff.title')}
      lead={t('slipSignOff.lead')}
      visit={visit}
      patient={patient}
    >
      <form className="form card" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={t('slipSignOff.login')}
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
          autoFocus
        />
        <TextField
          label={t('slipSignOff.password')}
          type="password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          autoComplete="off"
          maxLength={256}
        />
        <button type="submit" className="btn btn--primary btn--huge" disabled={visit.busy}>
          {t('slipSignOff.submit')}
        </button>
      </form>
    </VisitScreen>
  );
}
