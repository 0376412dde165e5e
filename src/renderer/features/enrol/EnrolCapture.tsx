import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isEngineRestarting } from '../../api/error-codes.ts';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { QualityReason } from '../../../shared/face.ts';
import { CameraView } from '../../components/camera/CameraView.tsx';
import { useCamera } from '../../components/camera/useCamera.ts';
import type { FrameOutcome } from '../../components/camera/useFrameLoop.ts';
import { useFrameLoop } from '../../components/camera/useFrameLoop.ts';
import { ErrorNote } from '../../components/Messages.tsx';
import { guidanceText } from '../visit/guidance-text.ts';
import '../../components/camera/capture-layout.css';

interface EnrolCaptureProps {
  enrolmentId: string;
  framesNeeded: number;
  onCancelled: () => void;
  onFinished: (outcome: 'enrolled' | 'blocked_duplicate') => void;
}

/**
 * Frames go to main until enough pass the quality gate; then the enrolment is finished (template
 * and duplicate check) at once. Leaving before that cancels it, so nothing half-made stays in main.
 */
export function EnrolCapture({ enrolmentId, framesNeeded, onCancelled, onFinished }: EnrolCaptureProps) {
  const { t } = useTranslation();
  const camera = useCamera();
  const [accepted, setAccepted] = useState(0);
  const [guidance, setGuidance] = useState<QualityReason[]>([]);
  const [phase, setPhase] = useState<'capturing' | 'finishing' | 'failed'>('capturing');
  const [engineWaiting, setEngineWaiting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const settled = useRef(false);
  const titleId = useId();
  const mounted = useRef(false);

  // Leaving the screen mid-way (sign-out, another task) must not leave descriptors held in main.
  // Checked a tick later: React's development double mount must not cancel a live enrolment.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      setTimeout(() => {
        if (!mounted.current && !settled.current) void kioskCall((k) => k.enrolCancel({ enrolmentId }));
      }, 0);
    };
  }, [enrolmentId]);

  const finish = async () => {
    setPhase('finishing');
    const result = await kioskCall((k) => k.enrolFinish({ enrolmentId }));
    settled.current = true;
    if (result.ok) onFinished(result.value.outcome);
    else {
      setError(result.code);
      setPhase('failed');
    }
  };

  useFrameLoop(
    camera.videoRef,
    camera.status.kind === 'live' && phase === 'capturing',
    async (frame): Promise<FrameOutcome> => {
      const result = await kioskCall((k) => k.enrolSubmitFrame({ enrolmentId, frame }));
      if (!result.ok) {
        if (isEngineRestarting(result.code)) {
          setEngineWaiting(true);
          return 'wait';
        }
        // Still open in main: leaving this screen cancels it (see the effect above).
        setError(result.code);
        setPhase('failed');
        return 'stop';
      }
      setEngineWaiting(false);
      setAccepted(result.value.accepted);
      setGuidance(result.value.guidance);
      if (!result.value.ready) return 'next';
      void finish();
      return 'stop';
    },
  );

  const cancel = () => {
    settled.current = true;
    void kioskCall((k) => k.enrolCancel({ enrolmentId })).then(onCancelled);
  };

  const instruction =
    phase === 'finishing'
      ? t('enrol.finishing')
      : engineWaiting
        ? t('camera.engineRestarting')
        : guidanceText(t, guidance);

  return (
    <section data-screen="enrol" aria-labelledby={titleId} className="screen face-check">
      <div className="face-check__layout">
        <CameraView camera={camera} tone={guidance.length > 0 ? 'warn' : 'neutral'} />
        <div className="face-check__panel">
          <h1 id={titleId} className="face-check__instruction" aria-live="polite">
            {phase === 'failed' ? t('enrol.failed') : instruction}
          </h1>
          <p className="enrol__count" role="status">
            {t('enrol.progress', { accepted: Math.min(accepted, framesNeeded), needed: framesNeeded })}
          </p>
          <ErrorNote code={error} />
          <div className="face-check__actions">
            <button
              type="button"
              className={phase === 'failed' ? 'btn btn--primary btn--huge' : 'btn btn--danger'}
              onClick={phase === 'failed' ? onCancelled : cancel}
              disabled={phase === 'finishing'}
              autoFocus={phase === 'failed'}
            >
              {phase === 'failed' ? t('enrol.startAgain') : t('enrol.cancel')}
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}
