import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Camera } from './useCamera.ts';
import { FaceOval } from './FaceOval.tsx';
import './camera.css';

interface CameraViewProps {
  camera: Camera;
  /** The oval's colour: neutral while guiding, green when the picture is good, amber on a problem. */
  tone: 'neutral' | 'ok' | 'warn';
  /** Shown over the bottom of the picture (the liveness arrow, say). */
  overlay?: ReactNode;
}

/**
 * The live preview, mirrored like a looking-glass so "move left" feels natural to the patient
 * (the frames sent are the camera's own image), with the oval over it. When there is no picture,
 * it says why in plain words instead.
 */
export function CameraView({ camera, tone, overlay }: CameraViewProps) {
  const { t } = useTranslation();
  const { status, cameras, videoRef } = camera;
  const failed = status.kind === 'failed';
  return (
    <div className="camera">
      <div className={failed ? 'camera__stage camera__stage--off' : 'camera__stage'}>
        <video
          ref={videoRef}
          className="camera__video"
          muted
          playsInline
          autoPlay
          aria-label={t('camera.preview')}
        />
        {failed ? null : <FaceOval tone={tone} />}
        {failed ? null : overlay}
        {status.kind === 'starting' ? <p className="camera__starting">{t('camera.starting')}</p> : null}
        {status.kind === 'failed' ? (
          <div className="camera__failure" role="alert">
            <p className="camera__failure-title">{t(`camera.failure.${status.failure}`)}</p>
            <p>{t(`camera.failureHint.${status.failure}`)}</p>
            <button type="button" className="btn" onClick={camera.retry}>
              {t('camera.retry')}
            </button>
          </div>
        ) : null}
      </div>
      {status.kind === 'live' && cameras.length > 1 ? (
        <label className="camera__device">
          <span>{t('camera.device')}</span>
          <select
            className="field__input field__select"
            value={status.deviceId ?? ''}
            onChange={(e) => camera.chooseCamera(e.target.value)}
          >
            {cameras.map((device, index) => (
              <option key={device.deviceId} value={device.deviceId}>
                {device.label || t('camera.unnamed', { number: index + 1 })}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </div>
  );
}
