import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { PatientSummary, Representative } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorNote, Notice } from '../../components/Messages.tsx';
import { fullName, PatientFacts } from '../../components/PatientCard.tsx';
import { Screen } from '../../components/Screen.tsx';
import { LinkRepresentativeScreen } from './LinkRepresentativeScreen.tsx';
import { ReceptionSlipCard } from './ReceptionSlipCard.tsx';
import { RepresentativeList } from './RepresentativeList.tsx';
import { useRepresentatives } from './representatives.ts';
import './registrar.css';

interface PatientRecordScreenProps {
  patient: PatientSummary;
  /** Straight to "Link a representative" (from the registration's done screen). */
  startLinking?: boolean;
  onEnrol: (patient: PatientSummary) => void;
  onFindAnother: () => void;
}

type Outcome =
  | { kind: 'linked'; name: string }
  | { kind: 'unlinked'; name: string }
  | { kind: 'withdrawn'; deleted: number };

/**
 * One patient at the registry: who may act for them (linking another, unlinking one), enrolling
 * their face, where their consent to face identification stands, and withdrawing it, which deletes
 * the template at once.
 */
export function PatientRecordScreen({
  patient: initial,
  startLinking = false,
  onEnrol,
  onFindAnother,
}: PatientRecordScreenProps) {
  const { t } = useTranslation();
  const [patient, setPatient] = useState(initial);
  const [linking, setLinking] = useState(startLinking);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The representative the registrar asked to unlink, while the question is open. */
  const [unlinking, setUnlinking] = useState<Representative | null>(null);
  const [unlinkError, setUnlinkError] = useState<string | null>(null);
  /** Bumped after an unlink or a withdrawal, whose button is gone: the focus goes to the next step. */
  const [settled, setSettled] = useState(0);
  const representatives = useRepresentatives(patient.id);
  const primary = useRef<HTMLButtonElement | null>(null);

  const needsRepresentative = patient.minorUnder14 || patient.legallyIncapacitated;
  const consent = patient.faceConsent ?? 'none';
  const consentGiven = patient.faceConsent === 'given';
  const loaded = representatives.list !== null;
  // A child or an incapacitated adult with nobody linked: linking comes before anything else.
  const linkFirst = needsRepresentative && representatives.list?.length === 0;

  // The next step has the focus once it is known (the list decides which one it is).
  useEffect(() => {
    if (loaded && !linking) primary.current?.focus();
  }, [loaded, linking, linkFirst, settled]);

  if (linking) {
    return (
      <LinkRepresentativeScreen
        patient={patient}
        linkedIds={(representatives.list ?? []).map((r) => r.representativeId)}
        onBack={() => setLinking(false)}
        onLinked={(representative) => {
          setLinking(false);
          setError(null);
          setUnlinkError(null);
          setOutcome({ kind: 'linked', name: fullName(representative) });
          setPatient((p) => ({ ...p, hasRepresentative: true }));
          representatives.reload();
        }}
      />
    );
  }

  const withdraw = async () => {
    setBusy(true);
    setError(null);
    setUnlinkError(null);
    setOutcome(null);
    const result = await kioskCall((k) => k.patientWithdrawConsent({ patientId: patient.id }));
    setBusy(false);
    setAsking(false);
    if (!result.ok) {
      setError(result.code);
      return;
    }
    setOutcome({ kind: 'withdrawn', deleted: result.value.deleted });
    setPatient((p) => ({ ...p, hasTemplate: false, faceConsent: 'withdrawn' }));
    setSettled((n) => n + 1);
  };

  const unlink = async (representative: Representative) => {
    setBusy(true);
    setError(null);
    setUnlinkError(null);
    setOutcome(null);
    const result = await kioskCall((k) =>
      k.patientUnlinkRepresentative({
        patientId: patient.id,
        representativeId: representative.representativeId,
      }),
    );
    setBusy(false);
    setUnlinking(null);
    if (!result.ok) {
      setUnlinkError(result.code);
      return;
    }
    const others = (representatives.list ?? []).filter(
      (r) => r.representativeId !== representative.representativeId,
    );
    setOutcome({ kind: 'unlinked', name: fullName(representative) });
    setPatient((p) => ({ ...p, hasRepresentative: others.length > 0 }));
    representatives.reload();
    setSettled((n) => n + 1);
  };

  return (
    <Screen name="patientRecord" layout="wide" title={t('record.title')}>
      <div className="card">
        <PatientFacts patient={patient} />
      </div>
      {outcome?.kind === 'linked' ? (
        <Notice tone="ok">{t('record.linked', { name: outcome.name })}</Notice>
      ) : null}
      {outcome?.kind === 'unlinked' ? (
        <Notice tone="ok">{t('record.unlinked', { name: outcome.name })}</Notice>
      ) : null}
      {outcome?.kind === 'withdrawn' ? (
        <Notice tone="ok">
          {outcome.deleted > 0 ? t('record.withdrawn') : t('record.withdrawnNoTemplate')}
        </Notice>
      ) : null}
      <ErrorNote code={error} own={{ CONSENT_REQUIRED: t('record.noConsent') }} />
      <div className="record">
        <section className="card record__card" aria-labelledby="record-reps">
          <h2 id="record-reps" className="card__title">
            {t('record.representatives')}
          </h2>
          {representatives.error !== null ? (
            <ErrorNote code={representatives.error} />
          ) : representatives.list === null ? (
            <p className="muted">{t('common.loading')}</p>
          ) : representatives.list.length === 0 ? (
            <p className="muted">{t('record.noRepresentatives')}</p>
          ) : (
            <RepresentativeList list={representatives.list} onUnlink={setUnlinking} busy={busy} />
          )}
          <ErrorNote code={unlinkError} />
          <div className="actions record__card-actions">
            <button
              ref={linkFirst ? primary : undefined}
              type="button"
              className={linkFirst ? 'btn btn--primary' : 'btn'}
              onClick={() => {
                setOutcome(null);
                setLinking(true);
              }}
            >
              {t('record.link')}
            </button>
          </div>
        </section>
        <section className="card record__card" aria-labelledby="record-face">
          <h2 id="record-face" className="card__title">
            {t('record.face')}
          </h2>
          <p className="muted">
            {patient.hasTemplate ? t('record.templateOnFile') : t('record.noTemplateOnFile')}
          </p>
          <p className="record__consent">
            {t('record.consent')}{' '}
            <strong className="record__consent-state" data-consent={consent}>
              {t(`record.consentStates.${consent}`)}
            </strong>
          </p>
          {consentGiven ? null : <p className="muted">{t('record.nothingToWithdraw')}</p>}
          <div className="actions record__card-actions">
            <button
              ref={linkFirst ? undefined : primary}
              type="button"
              className={linkFirst ? 'btn' : 'btn btn--primary'}
              onClick={() => onEnrol(patient)}
            >
              {t('register.enrolNow')}
            </button>
            {consentGiven ? (
              <button
                type="button"
                className="btn btn--danger"
                onClick={() => setAsking(true)}
                disabled={busy}
              >
                {t('record.withdraw')}
              </button>
            ) : null}
          </div>
        </section>
        <ReceptionSlipCard patientId={patient.id} />
      </div>
      <div className="actions">
        <button type="button" className="btn btn--quiet" onClick={onFindAnother}>
          {t('record.otherPatient')}
        </button>
      </div>
      {asking ? (
        <ConfirmDialog
          title={t('record.withdrawTitle')}
          confirmLabel={t('record.withdrawConfirm')}
          onConfirm={() => void withdraw()}
          onCancel={() => setAsking(false)}
          busy={busy}
        >
          <p className="dialog__patient">{fullName(patient)}</p>
          <p>{t('record.withdrawNow')}</p>
          <p>{t('record.withdrawAfter')}</p>
        </ConfirmDialog>
      ) : null}
      {unlinking === null ? null : (
        <ConfirmDialog
          title={t('record.unlinkTitle')}
          confirmLabel={t('record.unlinkConfirm')}
          onConfirm={() => void unlink(unlinking)}
          onCancel={() => setUnlinking(null)}
          busy={busy}
        >
          <p className="dialog__patient">{fullName(unlinking)}</p>
          <p>{t('record.unlinkEffect')}</p>
        </ConfirmDialog>
      )}
    </Screen>
  );
}
