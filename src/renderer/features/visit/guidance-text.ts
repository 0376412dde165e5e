import type { TFunction } from 'i18next';
import type { QualityReason } from '../../../shared/face.ts';

/**
 * The quality gate's reasons in the order worth fixing first: a second person or no face at all
 * makes every other reason meaningless, and light matters before sharpness.
 */
const PRIORITY: readonly QualityReason[] = [
  'MULTIPLE_FACES',
  'NO_FACE',
  'FACE_CUT_OFF',
  'FACE_TOO_SMALL',
  'NOT_FACING_CAMERA',
  'TOO_DARK',
  'TOO_BRIGHT',
  'BLURRY',
];

/** One short instruction for the patient: a screen with three at once is read by no one. */
export function guidanceText(t: TFunction, reasons: readonly QualityReason[]): string {
  const first = PRIORITY.find((reason) => reasons.includes(reason));
  return first === undefined ? t('guidance.default') : t(`guidance.${first}`);
}
