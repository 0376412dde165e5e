import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../api/types.ts';
import { PatientSearch } from '../../components/PatientSearch.tsx';
import { Screen } from '../../components/Screen.tsx';
import { TodayVisits } from './TodayVisits.tsx';
import './doctor.css';

interface DoctorHomeProps {
  onSelect: (patient: PatientSummary) => void;
  initialResults: PatientSummary[] | null;
  onResults: (results: PatientSummary[]) => void;
}

/** Find the patient in the chair; today's visits at this desk beside the search. */
export function DoctorHome({ onSelect, initialResults, onResults }: DoctorHomeProps) {
  const { t } = useTranslation();
  return (
    <Screen name="doctorHome" layout="wide" title={t('doctor.title')} lead={t('doctor.lead')}>
      <div className="doctor-home">
        <div className="doctor-home__search">
          <PatientSearch
            onSelect={onSelect}
            selectSingleIinMatch
            initialResults={initialResults}
            onResults={onResults}
          />
        </div>
        <TodayVisits />
      </div>
    </Screen>
  );
}
