import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../api/types.ts';
import { Notice } from '../../../components/Messages.tsx';
import type { VisitController } from '../useVisit.ts';
import { VisitChoice, VisitScreen } from '../VisitScreen.tsx';
import { CodeReasonLine } from './CodeReasonLine.tsx';

/**
 * The code is on its way: to the patient's phone or the representative's (the number masked), or
 * on a slip to print and hand over. Then the doctor types in what the patient reads out.
 */
export function CodeSentScreen({ visit, patient }: { visit: VisitController; patient: PatientSummary }) {
  const { t } = useTranslation();
  const { view } = visit;
  const [printed, setPrinted] = useState(false);
  const enterButton = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    if (printed) enterButton.current?.focus();
  }, [printed]);

  const slip = view.channel === 'slip';
  const mustPrint = slip && view.slipReady && !printed;
  const title = slip ? t('codeSent.slipTitle') : t('codeSent.title');
  const lead = slip
    ? t('codeSent.slipLead')
    : view.channel === 'representative'
      ? t('codeSent.toRepresentative')
      : t('codeSent.toPatient');

  const print = async () => {
    if (await visit.printSlip()) setPrinted(true);
  };

  return (
    <VisitScreen name="codeSent" title={title} lead={lead} visit={visit} patient={patient}>
      {!slip && view.destination !== null ? <p className="destination">{view.destination}</p> : null}
      {printed ? <Notice tone="ok">{t('codeSent.printed')}</Notice> : null}
      <CodeReasonLine visit={visit} />
      <div className="actions actions--center">
        {mustPrint ? (
          <VisitChoice visit={visit} onClick={() => void print()} primary>
            {t('codeSent.print')}
          </VisitChoice>
        ) : null}
        <VisitChoice
          ref={enterButton}
          visit={visit}
          onClick={() => visit.act('beginEntry')}
          primary={!mustPrint}
        >
          {t('codeSent.enter')}
        </VisitChoice>
      </div>
    </VisitScreen>
  );
}
