import type { RefObject } from 'react';
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { CameraFailure } from './open-camera.ts';
import { listCameras, openCamera, stopStream } from './open-camera.ts';

export type CameraStatus =
  | { kind: 'starting' }
  | { kind: 'live'; deviceId: string | null }
  | { kind: 'failed'; failure: CameraFailure };

export interface Camera {
  videoRef: RefObject<HTMLVideoElement | null>;
  status: CameraStatus;
  cameras: MediaDeviceInfo[];
  /** Switches to another webcam and remembers it for this desk. */
  chooseCamera: (deviceId: string) => void;
  retry: () => void;
}

/**
 * The desk's webcam while the screen is shown: opens the remembered device (or the first one),
 * reopens it when a camera is plugged in after a failure, and stops every track when the screen
 * goes away, so the camera light goes off the moment the camera is not needed.
 */
export function useCamera(): Camera {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [status, setStatus] = useState<CameraStatus>({ kind: 'starting' });
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  /** undefined until main has said which camera this desk uses. */
  const [preferred, setPreferred] = useState<string | null | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    void kioskCall((k) => k.cameraGetDevice()).then((result) => {
      if (current) setPreferred(result.ok ? result.value.deviceId : null);
    });
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => {
    if (preferred === undefined) return;
    let cancelled = false;
    let stream: MediaStream | null = null;
    const video = videoRef.current;
    void (async () => {
      const opened = await openCamera(preferred);
      if (cancelled) {
        if (opened.ok) stopStream(opened.stream);
        return;
      }
      if (!opened.ok) {
        setStatus({ kind: 'failed', failure: opened.failure });
        return;
      }
      stream = opened.stream;
      const track = stream.getVideoTracks()[0];
      // Unplugged while in use: say so; plugging it back in fires devicechange, which reopens.
      track?.addEventListener('ended', () => {
        if (!cancelled) setStatus({ kind: 'failed', failure: 'noCamera' });
      });
      if (video !== null) {
        video.srcObject = stream;
        try {
          await video.play();
        } catch {
          // Interrupted by a newer stream or by leaving the screen; the cleanup handles both.
        }
      }
      if (cancelled) return;
      setStatus({ kind: 'live', deviceId: track?.getSettings().deviceId ?? null });
      const found = await listCameras();
      if (!cancelled) setCameras(found);
    })();
    return () => {
      cancelled = true;
      stopStream(stream);
      stream = null;
      if (video !== null) video.srcObject = null;
    };
  }, [preferred, attempt]);

  const reopen = useCallback(() => {
    setStatus({ kind: 'starting' });
    setAttempt((n) => n + 1);
  }, []);

  const onDeviceChange = useEffectEvent(() => {
    void listCameras().then(setCameras);
    if (status.kind === 'failed' && status.failure !== 'denied') reopen();
  });

  useEffect(() => {
    const devices = navigator.mediaDevices;
    if (devices === undefined) return;
    const listener = () => onDeviceChange();
    devices.addEventListener('devicechange', listener);
    return () => devices.removeEventListener('devicechange', listener);
  }, []);

  const chooseCamera = useCallback(
    (deviceId: string) => {
      void kioskCall((k) => k.cameraSetDevice({ deviceId }));
      setPreferred(deviceId);
      reopen();
    },
    [reopen],
  );

  return { videoRef, status, cameras, chooseCamera, retry: reopen };
}
