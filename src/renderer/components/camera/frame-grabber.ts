/**
 * Takes one frame from the preview for the engine: the camera's own, unmirrored image (the
 * preview's CSS mirror does not reach drawImage), scaled to fit the contract's 640×480, as RGBA.
 *
 * Nothing is kept: the canvas is painted over right after reading it, the caller zeroes the pixels
 * once main has them (wipeFrame), and dispose() shrinks the canvas to nothing.
 */
import type {
  MAX_FRAME_HEIGHT as CONTRACT_MAX_HEIGHT,
  MAX_FRAME_WIDTH as CONTRACT_MAX_WIDTH,
} from '../../../shared/ipc/common-schemas.ts';

/*
 * The contract's frame limits, checked against it at typecheck (its constants are literal types)
 * but not imported as values: that module builds zod schemas, and zod probes `new Function` on
 * load, which the renderer's CSP (no 'unsafe-eval') reports as a violation.
 */
const MAX_FRAME_WIDTH: typeof CONTRACT_MAX_WIDTH = 640;
const MAX_FRAME_HEIGHT: typeof CONTRACT_MAX_HEIGHT = 480;
/** The contract's smallest frame side. */
const MIN_FRAME_SIDE = 32;

export interface CameraFrame {
  width: number;
  height: number;
  data: Uint8Array<ArrayBuffer>;
}

export class FrameGrabber {
  readonly #canvas = document.createElement('canvas');
  #context: CanvasRenderingContext2D | null = null;

  /** The current picture of a playing video, or null while it has none yet. */
  grab(video: HTMLVideoElement): CameraFrame | null {
    const { videoWidth, videoHeight } = video;
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || videoWidth === 0 || videoHeight === 0) {
      return null;
    }
    const scale = Math.min(1, MAX_FRAME_WIDTH / videoWidth, MAX_FRAME_HEIGHT / videoHeight);
    const width = Math.floor(videoWidth * scale);
    const height = Math.floor(videoHeight * scale);
    if (width < MIN_FRAME_SIDE || height < MIN_FRAME_SIDE) return null;
    const context = this.#contextFor(width, height);
    if (context === null) return null;
    context.drawImage(video, 0, 0, width, height);
    const image = context.getImageData(0, 0, width, height);
    this.#paintOver(context);
    return { width, height, data: new Uint8Array(image.data.buffer) };
  }

  /** Leaves an empty, zero-sized canvas behind. */
  dispose(): void {
    if (this.#context !== null) this.#paintOver(this.#context);
    this.#canvas.width = 0;
    this.#canvas.height = 0;
    this.#context = null;
  }

  #contextFor(width: number, height: number): CanvasRenderingContext2D | null {
    if (this.#canvas.width !== width) this.#canvas.width = width;
    if (this.#canvas.height !== height) this.#canvas.height = height;
    this.#context ??= this.#canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    return this.#context;
  }

  #paintOver(context: CanvasRenderingContext2D): void {
    context.fillStyle = '#000';
    context.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
  }
}

/** Zeroes a frame's pixels once it has been sent (the ImageData shares this buffer). */
export function wipeFrame(frame: CameraFrame): void {
  frame.data.fill(0);
}
