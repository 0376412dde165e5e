import { useEffect, useEffectEvent } from 'react';
import type { RefObject } from 'react';
import type { CameraFrame } from './frame-grabber.ts';
import { FrameGrabber, wipeFrame } from './frame-grabber.ts';

/** What to do after a frame: the next one soon, wait (the engine is restarting), or stop. */
export type FrameOutcome = 'next' | 'wait' | 'stop';

/** About five frames a second: enough for guidance and the liveness prompts, light on the engine. */
const FRAME_INTERVAL_MS = 200;
/** A restarting engine gets a breather instead of a frame every 200 ms. */
const WAIT_MS = 2000;

/**
 * Sends frames one at a time while `running`: grab, await main's answer, then the next, never a
 * queue. Each frame's pixels are zeroed as soon as the answer is in, and the offscreen canvas is
 * emptied when the loop stops (the phase moved on, or the screen went away).
 */
export function useFrameLoop(
  videoRef: RefObject<HTMLVideoElement | null>,
  running: boolean,
  send: (frame: CameraFrame) => Promise<FrameOutcome>,
): void {
  const sendFrame = useEffectEvent(send);

  useEffect(() => {
    if (!running) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wake: (() => void) | undefined;
    const grabber = new FrameGrabber();
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, ms);
      });

    void (async () => {
      while (!stopped) {
        const startedAt = performance.now();
        const video = videoRef.current;
        const frame = video === null ? null : grabber.grab(video);
        let delay = FRAME_INTERVAL_MS;
        if (frame !== null) {
          let outcome: FrameOutcome;
          try {
            outcome = await sendFrame(frame);
          } finally {
            wipeFrame(frame);
          }
          if (outcome === 'stop') break;
          delay =
            outcome === 'wait' ? WAIT_MS : Math.max(0, FRAME_INTERVAL_MS - (performance.now() - startedAt));
        }
        if (!stopped) await pause(delay);
      }
      grabber.dispose();
    })();

    return () => {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      grabber.dispose();
    };
  }, [running, videoRef]);
}
