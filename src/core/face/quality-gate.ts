/**
 * The live quality gate: a frame that fails it is never matched, and each failure reason maps to
 * one instruction on the patient's screen ("move closer", "more light", ...).
 */
import type { QualityMetrics, QualityReason, QualityVerdict } from '../../shared/face.ts';

export interface QualityGateConfig {
  /** Face box width in original-frame pixels; below this the descriptor is unreliable. */
  minFaceWidthPx: number;
  minBrightness: number;
  maxBrightness: number;
  /** Laplacian variance on the 112 px face grid (see face-region-stats.ts). */
  minSharpness: number;
  maxAbsYaw: number;
  maxAbsPitch: number;
  /** A face box must keep this share of its width inside the frame on every side. */
  edgeMargin: number;
}

export const DEFAULT_QUALITY_GATE: QualityGateConfig = {
  minFaceWidthPx: 80,
  minBrightness: 45,
  maxBrightness: 215,
  minSharpness: 50,
  maxAbsYaw: 20,
  maxAbsPitch: 20,
  edgeMargin: 0.02,
};

export interface GateInput {
  metrics: QualityMetrics;
  /** Whether the primary face box stays within the frame. */
  inFrame: boolean;
}

export function evaluateQuality(
  { metrics, inFrame }: GateInput,
  config: QualityGateConfig = DEFAULT_QUALITY_GATE,
): QualityVerdict {
  const reasons: QualityReason[] = [];
  if (metrics.faceCount === 0) reasons.push('NO_FACE');
  else {
    if (metrics.faceCount > 1) reasons.push('MULTIPLE_FACES');
    if (!inFrame) reasons.push('FACE_CUT_OFF');
    if (metrics.faceWidthPx < config.minFaceWidthPx) reasons.push('FACE_TOO_SMALL');
    if (metrics.brightness < config.minBrightness) reasons.push('TOO_DARK');
    if (metrics.brightness > config.maxBrightness) reasons.push('TOO_BRIGHT');
    if (metrics.sharpness < config.minSharpness) reasons.push('BLURRY');
    if (!(Math.abs(metrics.yaw) <= config.maxAbsYaw) || !(Math.abs(metrics.pitch) <= config.maxAbsPitch)) {
      reasons.push('NOT_FACING_CAMERA');
    }
  }
  return { ok: reasons.length === 0, reasons, metrics };
}
