/** Challenge–response liveness: draw a challenge, feed a session one observation per frame. */
export { drawChallenge, type Challenge } from './challenge.ts';
export {
  DEFAULT_LIVENESS_CONFIG,
  LIVENESS_ACTIONS,
  livenessConfigSchema,
  parseLivenessConfig,
  type LivenessAction,
  type LivenessConfig,
} from './config.ts';
export { LivenessError, type LivenessErrorCode } from '../../shared/liveness-errors.ts';
export { eyeAspectRatio, meanEyeAspectRatio } from './eye-aspect-ratio.ts';
export {
  faceCropLuma,
  fineDetailRatio,
  measureFaceTexture,
  passiveVerdict,
  type GreyImage,
  type PassiveVerdict,
  type TextureSource,
} from './passive-texture.ts';
export { LivenessSession } from './session.ts';
export {
  LIVENESS_REASONS,
  type LivenessObservation,
  type LivenessProgress,
  type LivenessReason,
  type ObservedFace,
} from './types.ts';
