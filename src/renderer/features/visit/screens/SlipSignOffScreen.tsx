import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { CredentialFields } from '../../../components/CredentialFields.tsx';
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
        <CredentialFields
          loginLabel={t('slipSignOff.login')}
          passwordLabel={t('slipSignOff.password')}
          login={login}
          secret={secret}
          onLogin={setLogin}
          onSecret={setSecret}
          autoComplete="off"
        />
        <button type="submit" className="btn btn--primary btn--huge" disabled={visit.busy}>
          {t('slipSignOff.submit')}
        </button>
      </form>
    </VisitScreen>
  );
}
