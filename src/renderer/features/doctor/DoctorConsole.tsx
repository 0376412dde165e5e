import { useEffect, useRef, useState } from 'react';
import type { PatientSummary } from '../../api/types.ts';
import { i18n } from '../../i18n/index.ts';
import type { VisitView } from '../../../shared/visit-view.ts';
import { VisitFlow } from '../visit/VisitFlow.tsx';
import { DoctorHome } from './DoctorHome.tsx';
import { PatientConfirm } from './PatientConfirm.tsx';

type ConsoleState =
  | { kind: 'home' }
  | { kind: 'confirm'; patient: PatientSummary }
  | { kind: 'visit'; patient: PatientSummary; view: VisitView };

/**
 * The doctor's desk: find the patient, confirm the record with them, then the visit. The screen
 * takes the patient's language during the visit; the doctor's own comes back afterwards.
 */
export function DoctorConsole() {
  const [state, setState] = useState<ConsoleState>({ kind: 'home' });
  const [lastResults, setLastResults] = useState<PatientSummary[] | null>(null);
  const doctorLanguage = useRef<string | null>(null);

  // Signed out mid-visit: the next person at the desk gets the doctor's language back, not the patient's.
  useEffect(() => {
    const remembered = doctorLanguage;
    return () => {
      const language = remembered.current;
      if (language !== null && language !== i18n.resolvedLanguage) void i18n.changeLanguage(language);
    };
  }, []);

  switch (state.kind) {
    case 'home':
      return (
        <DoctorHome
          initialResults={lastResults}
          onResults={setLastResults}
          onSelect={(patient) => setState({ kind: 'confirm', patient })}
        />
      );
    case 'confirm':
      return (
        <PatientConfirm
          patient={state.patient}
          onBack={() => setState({ kind: 'home' })}
          onStarted={(view) => {
            doctorLanguage.current = i18n.resolvedLanguage ?? null;
            setState({ kind: 'visit', patient: state.patient, view });
          }}
        />
      );
    case 'visit':
      return (
        <VisitFlow
          key={state.view.visitId}
          initialView={state.view}
          patient={state.patient}
          onPatientLanguage={(language) =>
            setState((s) => (s.kind === 'visit' ? { ...s, patient: { ...s.patient, language } } : s))
          }
          onDone={() => {
            const language = doctorLanguage.current;
            if (language !== null && language !== i18n.resolvedLanguage) void i18n.changeLanguage(language);
            setLastResults(null);
            setState({ kind: 'home' });
          }}
        />
      );
  }
}
