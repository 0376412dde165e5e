import { TERMINAL_PHASES, type VisitPhase } from '../../../shared/visit-view.ts';

/** Phases after which the visit accepts nothing more: the screen only offers "Done". */
export const FINAL_PHASES: ReadonlySet<VisitPhase> = new Set<VisitPhase>(TERMINAL_PHASES);

/** Phases in which the camera runs and frames go to main. */
export const CAMERA_PHASES: ReadonlySet<VisitPhase> = new Set<VisitPhase>(['faceGuidance', 'liveness']);
