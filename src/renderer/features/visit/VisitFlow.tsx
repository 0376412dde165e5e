import type { PatientSummary } from '../../api/types.ts';
import type { VisitView } from '../../../shared/visit-view.ts';
import { CheckingScreen } from './screens/CheckingScreen.tsx';
import {
  CodeExpiredScreen,
  CodeLockedScreen,
  CodeRateLimitedScreen,
  NoChannelScreen,
} from './screens/CodeDeadEndScreens.tsx';
import { CodeEntryScreen } from './screens/CodeEntryScreen.tsx';
import { CodeSendingScreen } from './screens/CodeSendingScreen.tsx';
import { CodeSentScreen } from './screens/CodeSentScreen.tsx';
import { ConsentScreen } from './screens/ConsentScreen.tsx';
import { DeliveryFailedScreen } from './screens/DeliveryFailedScreen.tsx';
import { FaceCheckScreen } from './screens/FaceCheckScreen.tsx';
import { NoMatchScreen } from './screens/NoMatchScreen.tsx';
import { NoTemplateScreen } from './screens/NoTemplateScreen.tsx';
import { ResultScreen } from './screens/ResultScreen.tsx';
import { SlipSignOffScreen } from './screens/SlipSignOffScreen.tsx';
import { VisitEndedScreen } from './screens/VisitEndedScreen.tsx';
import { VisitTypeScreen } from './screens/VisitTypeScreen.tsx';
import { useVisit } from './useVisit.ts';
import type { Language } from '../../../shared/languages.ts';

interface VisitFlowProps {
  initialView: VisitView;
  patient: PatientSummary;
  onPatientLanguage: (language: Language) => void;
  onDone: () => void;
}

/** One screen per phase of the visit, as main reports it; the screens only send the next step. */
export function VisitFlow({ initialView, patient, onPatientLanguage, onDone }: VisitFlowProps) {
  const visit = useVisit(initialView);
  const props = { visit, patient };

  if (visit.gone) return <VisitEndedScreen {...props} how="gone" onDone={onDone} />;
  if (visit.sending) return <CodeSendingScreen {...props} />;

  switch (visit.view.phase) {
    case 'selectingPatient':
    case 'matching':
      return <CheckingScreen {...props} />;
    case 'choosingVisitType':
      return <VisitTypeScreen {...props} />;
    case 'askingConsent':
      return <ConsentScreen {...props} onPatientLanguage={onPatientLanguage} />;
    case 'faceGuidance':
    case 'liveness':
      return <FaceCheckScreen {...props} />;
    case 'noMatch':
      return <NoMatchScreen {...props} />;
    case 'noTemplate':
      return <NoTemplateScreen {...props} />;
    case 'codeChannel':
      return <CodeSendingScreen {...props} />;
    case 'codeSent':
      return <CodeSentScreen {...props} />;
    case 'slipSignOff':
      return <SlipSignOffScreen {...props} />;
    case 'codeEntry':
      return <CodeEntryScreen {...props} />;
    case 'receptionSlipEntry':
      return <CodeEntryScreen {...props} phase="receptionSlipEntry" />;
    case 'deliveryFailed':
      return <DeliveryFailedScreen {...props} />;
    case 'noChannel':
      return <NoChannelScreen {...props} />;
    case 'codeExpired':
      return <CodeExpiredScreen {...props} />;
    case 'codeRateLimited':
      return <CodeRateLimitedScreen {...props} />;
    case 'codeLocked':
      return <CodeLockedScreen {...props} onDone={onDone} />;
    case 'identified':
    case 'recordedOnline':
      return <ResultScreen {...props} onDone={onDone} />;
    case 'cancelled':
    case 'timedOut':
      return <VisitEndedScreen {...props} how={visit.view.phase} onDone={onDone} />;
  }
}
