import { useTranslation } from 'react-i18next';
import type { VisitController } from '../useVisit.ts';

/** Why the visit is on the code path, for the doctor (refused photo, no match, no photo on file…). */
export function CodeReasonLine({ visit }: { visit: VisitController }) {
  const { t } = useTranslation();
  const reason = visit.view.codeReason;
  if (reason === null) return null;
  return <p className="visit-reason">{t(`codeReasons.${reason}`)}</p>;
}
