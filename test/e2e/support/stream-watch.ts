/**
 * Watches the camera streams the renderer opens, to check that it stops them when it leaves the
 * camera screen (a stopped track is an off camera: nothing more can be read from it). The page
 * functions are self-contained and typed through small interfaces: no DOM library in the node
 * typecheck.
 */
import type { Page } from 'playwright-core';

interface TrackLike {
  readyState: string;
}
interface StreamLike {
  getTracks(): TrackLike[];
}
interface WatchedPage {
  __streams?: StreamLike[];
  navigator: { mediaDevices: { getUserMedia(c: unknown): Promise<StreamLike> } };
  document: { querySelectorAll(s: string): ArrayLike<{ srcObject: unknown }> };
}

/** From now on, every stream getUserMedia returns in this page is kept for cameraState(). */
export async function watchCameraStreams(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as WatchedPage;
    w.__streams = [];
    const devices = w.navigator.mediaDevices;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints: unknown) => {
      const stream = await original(constraints);
      w.__streams?.push(stream);
      return stream;
    };
  });
}

export interface CameraState {
  /** Streams opened since watchCameraStreams. */
  opened: number;
  /** Their tracks not yet stopped. */
  live: number;
  /** <video> elements still showing a stream. */
  showing: number;
}

export function cameraState(page: Page): Promise<CameraState> {
  return page.evaluate(() => {
    const w = globalThis as unknown as WatchedPage;
    const streams = w.__streams ?? [];
    return {
      opened: streams.length,
      live: streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState !== 'ended').length,
      showing: Array.from(w.document.querySelectorAll('video')).filter((v) => v.srcObject !== null).length,
    };
  });
}
