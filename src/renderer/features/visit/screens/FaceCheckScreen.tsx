import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isEngineRestarting } from '../../../api/error-codes.ts';
import type { PatientSummary } from '../../../api/types.ts';
import { CameraView } from '../../../components/camera/CameraView.tsx';
import { useCamera } from '../../../components/camera/useCamera.ts';
import type { FrameOutcome } from '../../../components/camera/useFrameLoop.ts';
import { useFrameLoop } from '../../../components/camera/useFrameLoop.ts';
import { ErrorNote } from '../../../components/Messages.tsx';
import { guidanceText } from '../guidance-text.ts';
import type { VisitController } from '../useVisit.ts';
import { CancelVisitButton } from '../VisitScreen.tsx';
import { CAMERA_PHASES } from '../visit-phases.ts';
import { LivenessOverlay, LivenessProgress } from './LivenessPrompt.tsx';
import '../../../components/camera/capture-layout.css';

/**
 * The patient in front of the camera: guidance until the picture is good, then the liveness
 * prompts. Shown for both phases so the camera stays open between them; it closes (tracks stopped,
 * canvas emptied) as soon as the visit leaves the face path.
 */
export function FaceCheckScreen({ visit }: { visit: VisitController; patient: PatientSummary }) {
  const { t } = useTranslation();
  const camera = useCamera();
  const [engineWaiting, setEngineWaiting] = useState(false);
  const [frameError, setFrameError] = useState<string | null>(null);
  const { view } = visit;
  const titleId = useId();
  const cancelButton = useRef<HTMLButtonElement | null>(null);
  const cameraFailed = camera.status.kind === 'failed';

  // No picture: cancelling is all that is left, so the keyboard lands on it.
  useEffect(() => {
    if (cameraFailed) cancelButton.current?.focus();
  }, [cameraFailed]);

  useFrameLoop(camera.videoRef, camera.status.kind === 'live', async (frame): Promise<FrameOutcome> => {
    const result = await visit.submitFrame(frame);
    if (result.ok) {
      setEngineWaiting(false);
      setFrameError(null);
      return CAMERA_PHASES.has(result.value.phase) ? 'next' : 'stop';
    }
    if (isEngineRestarting(result.code)) {
      setEngineWaiting(true);
      return 'wait';
    }
    if (result.code === 'VISIT_NOT_FOUND') return 'stop';
    // FRAME_NOT_EXPECTED and the like: the visit moved on and the refreshed view takes us away.
    if (result.code !== 'FRAME_NOT_EXPECTED') setFrameError(result.code);
    return 'wait';
  });

  const liveness = view.phase === 'liveness' ? view.liveness : null;
  const instruction = engineWaiting
    ? t('camera.engineRestarting')
    : liveness !== null
      ? t(`liveness.${liveness.action}`)
      : guidanceText(t, view.guidance);
  const tone = liveness !== null ? 'ok' : view.guidance.length > 0 ? 'warn' : 'neutral';

  return (
    <section data-screen="camera" aria-labelledby={titleId} className="screen face-check">
      <div className="face-check__layout">
        <CameraView
          camera={camera}
          tone={tone}
          overlay={liveness === null ? null : <LivenessOverlay liveness={liveness} />}
        />
        <div className="face-check__panel">
          <h1 id={titleId} className="face-check__instruction" aria-live="polite">
            {cameraFailed ? t('camera.unavailable') : instruction}
          </h1>
          {liveness !== null && !cameraFailed ? <LivenessProgress liveness={liveness} /> : null}
          {liveness === null && !cameraFailed && !engineWaiting ? (
            <p className="face-check__hint">{t('camera.hint')}</p>
          ) : null}
          <ErrorNote code={frameError ?? visit.error} />
          <div className="face-check__actions">
            <CancelVisitButton ref={cancelButton} visit={visit} primary={cameraFailed} />
          </div>
        </div>
      </div>
    </section>
  );
}
