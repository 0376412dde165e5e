import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../api/types.ts';
import { EnrolScreen } from '../enrol/EnrolScreen.tsx';
import { RegisterPatientScreen } from './RegisterPatientScreen.tsx';
import './registrar.css';

type RegistrarState = { kind: 'register' } | { kind: 'enrol'; patient: PatientSummary | null };

/** The registry desk: register patients and enrol their faces, one task at a time. */
export function RegistrarHome() {
  const { t } = useTranslation();
  const [state, setState] = useState<RegistrarState>({ kind: 'register' });
  return (
    <div className="registrar">
      <nav className="tabs" aria-label={t('registrar.tasks')}>
        <button
          type="button"
          className="tabs__tab"
          aria-current={state.kind === 'register' ? 'page' : undefined}
          onClick={() => setState({ kind: 'register' })}
        >
          {t('registrar.registerTab')}
        </button>
        <button
          type="button"
          className="tabs__tab"
          aria-current={state.kind === 'enrol' ? 'page' : undefined}
          onClick={() => setState({ kind: 'enrol', patient: null })}
        >
          {t('registrar.enrolTab')}
        </button>
      </nav>
      {state.kind === 'register' ? (
        <RegisterPatientScreen onEnrol={(patient) => setState({ kind: 'enrol', patient })} />
      ) : (
        <EnrolScreen
          key={state.patient?.id ?? 'search'}
          initialPatient={state.patient}
          onDone={() => setState({ kind: 'enrol', patient: null })}
        />
      )}
    </div>
  );
}
