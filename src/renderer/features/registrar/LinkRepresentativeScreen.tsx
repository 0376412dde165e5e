import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { PatientSummary, ProofKind, Relation } from '../../api/types.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { IinField, useIinSearch } from '../../components/IinSearch.tsx';
import { ErrorNote } from '../../components/Messages.tsx';
import { fullName, PatientFacts } from '../../components/PatientCard.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useEscape } from '../../components/useEscape.ts';
import { formatBirthDate } from '../../i18n/format.ts';
import { PROOF_KINDS, RELATIONS, USUAL_PROOF } from './representatives.ts';
import './registrar.css';

/** Why the person found cannot be linked, before main is asked (main checks again). */
type Refusal = 'notFound' | 'self' | 'minor' | 'incapacitated' | 'alreadyLinked';

interface LinkRepresentativeScreenProps {
  patient: PatientSummary;
  /** Representatives already linked, so a second link of the same person is refused at once. */
  linkedIds: readonly string[];
  onLinked: (representative: PatientSummary) => void;
  onBack: () => void;
}

/**
 * A parent or legal representative, themself a registered patient found by IIN, linked with the
 * relation and the document that proves it (its kind and number, as on the paper in front of the
 * registrar).
 */
export function LinkRepresentativeScreen({
  patient,
  linkedIds,
  onLinked,
  onBack,
}: LinkRepresentativeScreenProps) {
  const { t } = useTranslation();
  const [candidate, setCandidate] = useState<PatientSummary | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [relation, setRelation] = useState<Relation>('parent');
  const [proofKind, setProofKind] = useState<ProofKind>(USUAL_PROOF.parent);
  const [proofChosen, setProofChosen] = useState(false);
  const [reference, setReference] = useState('');
  const [referenceMissing, setReferenceMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const iinSearch = useIinSearch(setBusy);
  useEscape(busy ? null : onBack);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setCandidate(null);
    setRefusal(null);
    const patients = await iinSearch.find();
    if (patients === null) return;
    const found = patients[0];
    if (found === undefined) setRefusal('notFound');
    else if (found.id === patient.id) setRefusal('self');
    else if (found.minorUnder14) setRefusal('minor');
    else if (found.legallyIncapacitated) setRefusal('incapacitated');
    else if (linkedIds.includes(found.id)) setRefusal('alreadyLinked');
    else setCandidate(found);
  };

  const link = async (event: FormEvent) => {
    event.preventDefault();
    if (candidate === null) return;
    setError(null);
    const trimmed = reference.trim();
    setReferenceMissing(trimmed === '');
    if (trimmed === '') return;
    setBusy(true);
    const result = await kioskCall((k) =>
      k.patientLinkRepresentative({
        patientId: patient.id,
        representativeId: candidate.id,
        relation,
        proof: { kind: proofKind, reference: trimmed },
      }),
    );
    setBusy(false);
    if (result.ok) onLinked(candidate);
    else setError(result.code);
  };

  return (
    <Screen name="linkRepresentative" layout="wide" title={t('link.title')} lead={t('link.lead')}>
      <p className="card link-rep__for">
        <span className="muted">{t('link.for')}</span>
        <span className="link-rep__for-name">{fullName(patient)}</span>
        <span className="muted">{t('patient.born', { date: formatBirthDate(patient.birthDate) })}</span>
      </p>
      <div className="link-rep">
        <form className="card form link-rep__find" onSubmit={(e) => void find(e)} noValidate>
          <IinField label={t('link.iin')} hint={t('link.iinHint')} {...iinSearch.field} autoFocus />
          <div className="actions">
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {t('link.find')}
            </button>
          </div>
          {refusal === null ? null : (
            <p className="alert" role="alert">
              {t(`link.${refusal}`)}
            </p>
          )}
        </form>
        {candidate === null ? null : (
          <form
            className="card form link-rep__details"
            onSubmit={(e) => void link(e)}
            noValidate
            aria-label={t('link.found')}
          >
            <div className="link-rep__candidate">
              <p className="muted">{t('link.found')}</p>
              <PatientFacts patient={candidate} />
            </div>
            <div className="form__row">
              <SelectField
                label={t('link.relation')}
                value={relation}
                onChange={(e) => {
                  const chosen = RELATIONS.find((r) => r === e.target.value);
                  if (chosen === undefined) return;
                  setRelation(chosen);
                  if (!proofChosen) setProofKind(USUAL_PROOF[chosen]);
                }}
                autoFocus
              >
                {RELATIONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`relations.${r}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('link.proofKind')}
                value={proofKind}
                onChange={(e) => {
                  const chosen = PROOF_KINDS.find((k) => k === e.target.value);
                  if (chosen === undefined) return;
                  setProofKind(chosen);
                  setProofChosen(true);
                }}
              >
                {PROOF_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`proofKinds.${k}`)}
                  </option>
                ))}
              </SelectField>
            </div>
            <TextField
              label={t('link.proofReference')}
              hint={t('link.proofReferenceHint')}
              value={reference}
              onChange={(e) => {
                setReferenceMissing(false);
                setReference(e.target.value);
              }}
              error={referenceMissing ? t('link.noProofReference') : null}
              autoComplete="off"
              spellCheck={false}
              maxLength={100}
            />
            <ErrorNote code={error} />
            <div className="actions actions--end">
              <button type="submit" className="btn btn--primary" disabled={busy}>
                {t('link.submit')}
              </button>
            </div>
          </form>
        )}
      </div>
      <div className="actions">
        <button type="button" className="btn btn--quiet" onClick={onBack} disabled={busy}>
          {t('common.back')}
        </button>
      </div>
    </Screen>
  );
}
