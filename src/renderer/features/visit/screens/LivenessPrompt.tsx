import { useTranslation } from 'react-i18next';
import type { VisitView } from '../../../../shared/visit-view.ts';
import { EyeIcon, TurnArrow } from '../../../components/Icons.tsx';

type Liveness = NonNullable<VisitView['liveness']>;

/**
 * The arrow over the preview. "turnLeft" is the patient's own left; in the mirrored preview their
 * head moves towards the screen's left, so the arrow points that way.
 */
export function LivenessOverlay({ liveness }: { liveness: Liveness }) {
  return (
    <div className="liveness-overlay" aria-hidden="true">
      {liveness.action === 'blink' ? (
        <EyeIcon />
      ) : (
        <TurnArrow towards={liveness.action === 'turnLeft' ? 'left' : 'right'} />
      )}
    </div>
  );
}

/** Which step of the check this is and how long is left for it. */
export function LivenessProgress({ liveness }: { liveness: Liveness }) {
  const { t } = useTranslation();
  const seconds = Math.max(0, Math.ceil(liveness.remainingMs / 1000));
  return (
    <div className="liveness-progress">
      <p>
        {t('liveness.step', { step: Math.min(liveness.step + 1, liveness.steps), steps: liveness.steps })}
      </p>
      <p className="liveness-progress__seconds" aria-label={t('liveness.secondsLeft', { seconds })}>
        {seconds}
      </p>
    </div>
  );
}
