import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../api/types.ts';
import { PatientSearch } from '../../components/PatientSearch.tsx';
import { Screen } from '../../components/Screen.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { EnrolScreen } from '../enrol/EnrolScreen.tsx';
import { PatientRecordScreen } from './PatientRecordScreen.tsx';
import { RegisterPatientScreen } from './RegisterPatientScreen.tsx';
import './registrar.css';

type RegistrarState =
  | { kind: 'register' }
  | { kind: 'enrol'; patient: PatientSummary | null }
  | { kind: 'record'; patient: PatientSummary | null; linking: boolean };

type Tab = RegistrarState['kind'];
const TABS: readonly Tab[] = ['register', 'record', 'enrol'];
const TAB_LABELS = {
  register: 'registrar.registerTab',
  record: 'registrar.recordTab',
  enrol: 'registrar.enrolTab',
} as const;

/**
 * The registry desk, one task at a time: register patients, open a patient's record (their
 * representatives, withdrawing consent), enrol faces.
 */
export function RegistrarHome() {
  const { t } = useTranslation();
  const [state, setState] = useState<RegistrarState>({ kind: 'register' });

  const open = (tab: Tab) => {
    if (tab === 'register') setState({ kind: 'register' });
    else if (tab === 'enrol') setState({ kind: 'enrol', patient: null });
    else setState({ kind: 'record', patient: null, linking: false });
  };

  let content;
  switch (state.kind) {
    case 'register':
      content = (
        <RegisterPatientScreen
          onEnrol={(patient) => setState({ kind: 'enrol', patient })}
          onLink={(patient) => setState({ kind: 'record', patient, linking: true })}
        />
      );
      break;
    case 'enrol':
      content = (
        <EnrolScreen
          key={state.patient?.id ?? 'search'}
          initialPatient={state.patient}
          onDone={() => setState({ kind: 'enrol', patient: null })}
        />
      );
      break;
    case 'record':
      content =
        state.patient === null ? (
          <Screen
            name="patientSearch"
            layout="wide"
            title={t('record.findTitle')}
            lead={t('record.findLead')}
          >
            <PatientSearch
              onSelect={(patient) => setState({ kind: 'record', patient, linking: false })}
              selectSingleIinMatch
            />
          </Screen>
        ) : (
          <PatientRecordScreen
            key={state.patient.id}
            patient={state.patient}
            startLinking={state.linking}
            onEnrol={(patient) => setState({ kind: 'enrol', patient })}
            onFindAnother={() => setState({ kind: 'record', patient: null, linking: false })}
          />
        );
      break;
  }

  return (
    <div className="registrar">
      <Tabs
        label={t('registrar.tasks')}
        tabs={TABS}
        current={state.kind}
        tabLabel={(tab) => t(TAB_LABELS[tab])}
        onChoose={open}
      />
      {content}
    </div>
  );
}
