/**
 * Opens the desk's webcam: the remembered device if it is there, else the first camera. Video only,
 * no audio, ever. Failures become a reason the screen can put into words.
 */

export type CameraFailure = 'noCamera' | 'denied' | 'busy' | 'failed';

export type OpenResult = { ok: true; stream: MediaStream } | { ok: false; failure: CameraFailure };

const SIZE = { width: { ideal: 640 }, height: { ideal: 480 } };

function failureOf(error: unknown): CameraFailure {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'noCamera';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    default:
      return 'failed';
  }
}

async function request(video: MediaTrackConstraints): Promise<OpenResult> {
  try {
    return { ok: true, stream: await navigator.mediaDevices.getUserMedia({ audio: false, video }) };
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  }
}

export async function openCamera(deviceId: string | null): Promise<OpenResult> {
  if (typeof navigator.mediaDevices?.getUserMedia !== 'function') return { ok: false, failure: 'noCamera' };
  if (deviceId !== null) {
    const chosen = await request({ ...SIZE, deviceId: { exact: deviceId } });
    // The remembered camera was unplugged or replaced: any camera is better than none.
    if (chosen.ok || chosen.failure === 'denied') return chosen;
  }
  return request(SIZE);
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** The desk's cameras; labels are empty until the camera has been allowed once. */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.filter((d) => d.kind === 'videoinput' && d.deviceId !== '');
  } catch {
    return [];
  }
}
