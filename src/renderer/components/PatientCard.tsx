import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../api/types.ts';
import { formatBirthDate } from '../i18n/format.ts';
import './patient.css';

/**
 * What the record says that the identification depends on, as short flags. Spans only: the facts
 * also sit inside result buttons, whose content must be phrasing content.
 */
export function PatientBadges({ patient }: { patient: PatientSummary }) {
  const { t } = useTranslation();
  const badges: { key: string; text: string; warn: boolean }[] = [];
  if (patient.minorUnder14) badges.push({ key: 'minor', text: t('patient.badges.minor'), warn: false });
  if (patient.legallyIncapacitated)
    badges.push({ key: 'incapacitated', text: t('patient.badges.incapacitated'), warn: false });
  if (!patient.hasPhone) badges.push({ key: 'noPhone', text: t('patient.badges.noPhone'), warn: true });
  if (!patient.hasTemplate)
    badges.push({ key: 'noTemplate', text: t('patient.badges.noTemplate'), warn: true });
  if (patient.birthDateDisagreesWithIin)
    badges.push({ key: 'dobMismatch', text: t('patient.badges.dobMismatch'), warn: true });
  if (badges.length === 0) return null;
  return (
    <span className="badges">
      {badges.map((b) => (
        <span key={b.key} className={b.warn ? 'badge badge--warn' : 'badge'}>
          {b.text}
        </span>
      ))}
    </span>
  );
}

/** "Сейтқалиева Әсел Нұрланқызы": family name first, as on Kazakh documents. */
export function fullName(patient: Pick<PatientSummary, 'familyName' | 'givenNames'>): string {
  return `${patient.familyName} ${patient.givenNames}`.trim();
}

/** The record's facts the doctor compares with the person in the chair. */
export function PatientFacts({ patient, large = false }: { patient: PatientSummary; large?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={large ? 'patient patient--large' : 'patient'}>
      <span className="patient__name">{fullName(patient)}</span>
      <span className="patient__facts">
        <span>{t('patient.born', { date: formatBirthDate(patient.birthDate) })}</span>
        <span>{t('patient.age', { age: patient.age })}</span>
        <span>{t('patient.iin', { iin: patient.iinMasked })}</span>
      </span>
      <PatientBadges patient={patient} />
    </span>
  );
}
