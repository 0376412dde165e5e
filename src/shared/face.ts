/**
 * Face-engine types shared by the core, the Electron shell and the renderer.
 * Pure data: no Node, DOM or Electron. Descriptors appear here only because the core
 * needs them; the IPC contract never sends them to the renderer.
 */

export type PixelFormat = 'rgba' | 'rgb';

/** Raw pixels as a webcam (canvas ImageData) or an image decoder gives them, row-major, 8 bits a channel. */
export interface RawFrame {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  format: PixelFormat;
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Head pose in degrees, estimated from the 68 landmarks. Positive yaw: the patient turns to their left. */
export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

/** Reasons a frame fails the live quality gate; each maps to one short instruction on screen. */
export const QUALITY_REASONS = [
  'NO_FACE',
  'MULTIPLE_FACES',
  'FACE_TOO_SMALL',
  'FACE_CUT_OFF',
  'TOO_DARK',
  'TOO_BRIGHT',
  'BLURRY',
  'NOT_FACING_CAMERA',
] as const;
export type QualityReason = (typeof QUALITY_REASONS)[number];

/** Measurements behind the verdict, for guidance and for the quality-dependent decision threshold. */
export interface QualityMetrics {
  faceCount: number;
  /** Width of the primary face box in pixels of the original frame. */
  faceWidthPx: number;
  /** Mean luma (0–255) of the face region. */
  brightness: number;
  /** Variance of the Laplacian of the face region, normalised to a 112 px crop. */
  sharpness: number;
  /** Mean chroma (0–255) of the face region: near zero for a greyscale capture. */
  colourfulness: number;
  yaw: number;
  pitch: number;
}

export interface QualityVerdict {
  ok: boolean;
  reasons: QualityReason[];
  metrics: QualityMetrics;
}

export interface DetectedFace {
  box: Box;
  score: number;
  landmarks: Point[];
  pose: HeadPose;
}

export interface FrameAnalysis {
  width: number;
  height: number;
  faces: DetectedFace[];
  /** Index into `faces` of the face the verdict and the descriptor refer to, or -1. */
  primary: number;
  quality: QualityVerdict;
  /** 128-d descriptor of the primary face, only when asked for and a face was found. */
  descriptor?: number[];
  /** Which detector found the face ('tiny', 'ssd'), for diagnostics. */
  detector?: string;
  /**
   * The liveness passive signal of the primary face: fine-detail ratio of its crop (low for a
   * print or a screen re-captured by the webcam). Measured here because only the engine sees pixels.
   */
  texture?: number;
}
