/**
 * The webcam as the renderer uses it, driven inside the page: getUserMedia, a <video> playing the
 * stream, and frames grabbed to a canvas as RGBA (at most 640×480, the contract's limit). Frames
 * stay in the page and go to main through window.kiosk, so a test exercises the real path:
 * camera → canvas → IPC → router → engine.
 *
 * The functions passed to page.evaluate are self-contained (Playwright sends their source) and
 * see the page through the small interfaces below: the node typecheck has no DOM library.
 */
import type { Page } from 'playwright-core';
import type { IpcResult } from '../../../src/shared/ipc/contract-kit.ts';
import type { VisitView } from '../../../src/shared/visit-view.ts';
import type { KioskWindow } from './kiosk-page.ts';

interface TrackLike {
  label: string;
  getSettings(): { width?: number; height?: number; frameRate?: number };
  stop(): void;
}
interface StreamLike {
  getVideoTracks(): TrackLike[];
}
interface VideoLike {
  srcObject: StreamLike | null;
  muted: boolean;
  playsInline: boolean;
  videoWidth: number;
  videoHeight: number;
  play(): Promise<void>;
}
interface CanvasLike {
  width: number;
  height: number;
  getContext(
    kind: '2d',
    options: { willReadFrequently: boolean },
  ): {
    drawImage(source: VideoLike, x: number, y: number, w: number, h: number): void;
    getImageData(x: number, y: number, w: number, h: number): { data: { buffer: ArrayBuffer } };
  } | null;
}
interface PageLike {
  navigator: {
    mediaDevices: {
      getUserMedia(constraints: { video: boolean | object; audio: boolean }): Promise<StreamLike>;
      enumerateDevices(): Promise<{ kind: string; label: string }[]>;
    };
  };
  document: { createElement(tag: 'video'): VideoLike; createElement(tag: 'canvas'): CanvasLike };
  kiosk: KioskWindow['kiosk'];
  __e2eCamera?: OpenCamera;
}
interface OpenCamera {
  video: VideoLike;
  track: TrackLike;
  /** The current picture as the contract's camera frame: RGBA, scaled to fit 640×480. */
  grab(): { width: number; height: number; data: Uint8Array };
}

export interface CameraInfo {
  label: string;
  width: number;
  height: number;
}

/** What getUserMedia did: a camera, or the DOMException's name and message. */
export type CameraOpening = { ok: true; camera: CameraInfo } | { ok: false; name: string; message: string };

/** Opens the webcam in the page (kept on a page global for later grabs) and waits for its first frame. */
export function openCamera(page: Page): Promise<CameraOpening> {
  return page.evaluate(async (): Promise<CameraOpening> => {
    const w = globalThis as unknown as PageLike;
    try {
      const stream = await w.navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
      const track = stream.getVideoTracks()[0];
      if (track === undefined) return { ok: false, name: 'NoVideoTrack', message: 'the stream has no video' };
      const video = w.document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.srcObject = stream;
      await video.play();
      const canvas = w.document.createElement('canvas');
      const grab = () => {
        const scale = Math.min(1, 640 / video.videoWidth, 480 / video.videoHeight);
        const width = Math.round(video.videoWidth * scale);
        const height = Math.round(video.videoHeight * scale);
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext('2d', { willReadFrequently: true });
        if (context === null) throw new Error('no 2d context');
        context.drawImage(video, 0, 0, width, height);
        return { width, height, data: new Uint8Array(context.getImageData(0, 0, width, height).data.buffer) };
      };
      w.__e2eCamera = { video, track, grab };
      return { ok: true, camera: { label: track.label, width: video.videoWidth, height: video.videoHeight } };
    } catch (error) {
      const e = error as { name?: string; message?: string };
      return { ok: false, name: String(e.name), message: String(e.message) };
    }
  });
}

/** Video inputs the page can see (labels only show once the camera permission is granted). */
export function videoInputs(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const w = globalThis as unknown as PageLike;
    const devices = await w.navigator.mediaDevices.enumerateDevices();
    return devices.filter((d) => d.kind === 'videoinput').map((d) => d.label);
  });
}

/**
 * Grabs the camera's current picture and sends it to visit:submitFrame as the renderer would:
 * RGBA bytes in a Uint8Array. Returns the router's answer.
 */
export function submitCameraFrame(page: Page, visitId: string): Promise<IpcResult<VisitView>> {
  return page.evaluate(async (id): Promise<IpcResult<VisitView>> => {
    const w = globalThis as unknown as PageLike;
    if (w.__e2eCamera === undefined) throw new Error('openCamera first');
    const frame = w.__e2eCamera.grab();
    return (await w.kiosk.visitSubmitFrame({ visitId: id, frame })) as IpcResult<VisitView>;
  }, visitId);
}

/** One step of a face path: the phase and liveness prompt after a frame, and when (ms from the start). */
export interface FacePathStep {
  atMs: number;
  phase: string;
  prompt: string | null;
}

/**
 * Streams camera frames to visit:submitFrame, one after the other as the screen would, until
 * the visit leaves the face phases (faceGuidance, liveness) or `maxMs` passes. Runs inside the
 * page, so frames never leave it; returns the trace of distinct steps and the last answer.
 */
export function streamCameraFrames(
  page: Page,
  visitId: string,
  maxMs: number,
): Promise<{ steps: FacePathStep[]; last: IpcResult<VisitView> | null }> {
  return page.evaluate(
    async ([id, budget]) => {
      const w = globalThis as unknown as PageLike;
      if (w.__e2eCamera === undefined) throw new Error('openCamera first');
      const steps: FacePathStep[] = [];
      const started = Date.now();
      let last: IpcResult<VisitView> | null = null;
      while (Date.now() - started < budget) {
        last = (await w.kiosk.visitSubmitFrame({
          visitId: id,
          frame: w.__e2eCamera.grab(),
        })) as IpcResult<VisitView>;
        if (!last.ok) break;
        const step = {
          atMs: Date.now() - started,
          phase: last.value.phase,
          prompt: last.value.liveness ? `${last.value.liveness.step}:${last.value.liveness.action}` : null,
        };
        const previous = steps[steps.length - 1];
        if (previous?.phase !== step.phase || previous.prompt !== step.prompt) steps.push(step);
        if (step.phase !== 'faceGuidance' && step.phase !== 'liveness') break;
      }
      return { steps, last };
    },
    [visitId, maxMs] as const,
  );
}

/** Stops the webcam the page opened. */
export async function closeCamera(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as PageLike;
    w.__e2eCamera?.track.stop();
    delete w.__e2eCamera;
  });
}
