/** Quality verdicts for tests that need a frame which did, or did not, pass the live gate. */
import type { QualityMetrics, QualityVerdict } from '../../src/shared/face.ts';

/** A frontal, well-lit, sharp 180 px face. */
export const GOOD_METRICS: QualityMetrics = {
  faceCount: 1,
  faceWidthPx: 180,
  brightness: 120,
  sharpness: 400,
  colourfulness: 50,
  yaw: 0,
  pitch: 0,
};

export const GOOD_VERDICT: QualityVerdict = { ok: true, reasons: [], metrics: GOOD_METRICS };
