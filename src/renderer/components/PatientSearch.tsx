import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../api/kiosk-call.ts';
import type { PatientSummary } from '../api/types.ts';
import { useErrorText } from '../i18n/error-text.ts';
import { TextField } from './Field.tsx';
import { IinField, useIinSearch } from './IinSearch.tsx';
import { ErrorNote, Notice } from './Messages.tsx';
import { PatientFacts } from './PatientCard.tsx';

interface PatientSearchProps {
  onSelect: (patient: PatientSummary) => void;
  /** An IIN names one person: go straight to them instead of listing one result. */
  selectSingleIinMatch?: boolean;
  /** Results of an earlier search, shown again when the operator comes back. */
  initialResults?: PatientSummary[] | null;
  onResults?: (results: PatientSummary[]) => void;
  /** A record that must not be picked here (the patient themself, when looking for a representative). */
  excludeId?: string;
  autoFocus?: boolean;
}

/** Find a patient by IIN, or by family name with optional given names and date of birth. */
export function PatientSearch({
  onSelect,
  selectSingleIinMatch = false,
  initialResults = null,
  onResults,
  excludeId,
  autoFocus = true,
}: PatientSearchProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [familyName, setFamilyName] = useState('');
  const [givenNames, setGivenNames] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [results, setResults] = useState<PatientSummary[] | null>(initialResults);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const iinSearch = useIinSearch(setBusy);

  const show = (found: PatientSummary[]) => {
    const visible = excludeId === undefined ? found : found.filter((p) => p.id !== excludeId);
    setResults(visible);
    onResults?.(visible);
    return visible;
  };

  const searchByIin = async (event: FormEvent) => {
    event.preventDefault();
    setNameError(null);
    const found = await iinSearch.find();
    if (found === null) return;
    const visible = show(found);
    const only = visible[0];
    if (selectSingleIinMatch && visible.length === 1 && only !== undefined) onSelect(only);
  };

  const searchByName = async (event: FormEvent) => {
    event.preventDefault();
    iinSearch.clearError();
    setNameError(null);
    if (familyName.trim() === '') {
      setNameError('INVALID_NAME');
      return;
    }
    setBusy(true);
    const result = await kioskCall((k) =>
      k.patientFindByName({
        familyName: familyName.trim(),
        ...(givenNames.trim() ? { givenNames: givenNames.trim() } : {}),
        ...(birthDate ? { birthDate } : {}),
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setNameError(result.code);
      return;
    }
    show(result.value);
  };

  return (
    <div className="search">
      <div className="search__forms">
        <form
          className="search__form card"
          onSubmit={(e) => void searchByIin(e)}
          noValidate
          aria-label={t('search.byIin')}
        >
          <h2 className="card__title">{t('search.byIin')}</h2>
          <IinField
            label={t('search.iin')}
            hint={t('search.iinHint')}
            {...iinSearch.field}
            autoFocus={autoFocus}
          />
          <div className="search__footer">
            <div className="actions">
              <button type="submit" className="btn btn--primary" disabled={busy}>
                {t('search.findByIin')}
              </button>
            </div>
          </div>
        </form>
        <form
          className="search__form card"
          onSubmit={(e) => void searchByName(e)}
          noValidate
          aria-label={t('search.byName')}
        >
          <h2 className="card__title">{t('search.byName')}</h2>
          <div className="search__name-fields">
            <TextField
              label={t('search.familyName')}
              error={nameError === 'INVALID_NAME' ? errorText(nameError) : null}
              value={familyName}
              onChange={(e) => setFamilyName(e.target.value)}
              autoComplete="off"
              maxLength={200}
            />
            <TextField
              label={t('search.givenNames')}
              hint={t('common.optional')}
              value={givenNames}
              onChange={(e) => setGivenNames(e.target.value)}
              autoComplete="off"
              maxLength={200}
            />
            <TextField
              label={t('search.birthDate')}
              hint={t('common.optional')}
              type="date"
              error={nameError === 'INVALID_BIRTH_DATE' ? errorText(nameError) : null}
              value={birthDate}
              onChange={(e) => setBirthDate(e.target.value)}
            />
          </div>
          <div className="search__footer">
            <ErrorNote
              code={nameError === 'INVALID_NAME' || nameError === 'INVALID_BIRTH_DATE' ? null : nameError}
            />
            <div className="actions">
              <button type="submit" className="btn btn--primary" disabled={busy}>
                {t('search.findByName')}
              </button>
            </div>
          </div>
        </form>
      </div>
      {results === null ? null : results.length === 0 ? (
        <Notice tone="warn">{t('search.noResults')}</Notice>
      ) : (
        <section aria-label={t('search.results')}>
          <ul className="results">
            {results.map((patient) => (
              <li key={patient.id}>
                <button type="button" className="result-button" onClick={() => onSelect(patient)}>
                  <PatientFacts patient={patient} />
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
