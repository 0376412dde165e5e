/**
 * Per-visit figures: what share of genuine patients the face path identifies within one visit, and
 * how many impostor visits it lets through, on visits composed from labelled photos (the people
 * set, the video's one-person shot). Pairs say how often one photo matches another; a visit is
 * what a patient lives through: several attempts, each decided by the multi-frame rule.
 *
 * A visit, as composed here:
 *  - the template is one sample of the patient, described as enrolment describes it (the
 *    registrar's desk captures in good light; the kiosk enrols 3–5 frames of one sitting, here one
 *    photo stands for them, which is the harder case);
 *  - each attempt takes the next `rule.multiFrame.frames` samples of the person at the camera
 *    (the patient's own other samples for a genuine visit, another person's for an impostor
 *    visit), in order and cycling, as verification describes them under the capture condition, and
 *    is decided by `verify()` exactly as the desk calls it;
 *  - the visit identifies the person when any of its first `attempts` attempts matches.
 * Samples whose face was not found are skipped, as the kiosk waits for a frame with a face; a
 * person with none left is a failed genuine visit. Every sample counts as gate-passing: the photos
 * are not frames of a patient told to face the camera.
 */
import type { QualityMetrics } from '../../shared/face.ts';
import type { DecisionRule } from '../face/decision-rule.ts';
import { verify } from '../face/matcher.ts';

export interface VisitSample {
  /** Unique id (the photo's path, or video/<frame>). */
  id: string;
  identity: string;
  /** As enrolment describes it, on the clean capture; null when no face was found. */
  enrolled: number[] | null;
  /** As verification describes it, under the condition; null when no face was found. */
  probe: number[] | null;
  /** Quality of the probe capture. */
  metrics: QualityMetrics | null;
}

export interface VisitFigures {
  genuineVisits: number;
  identified: number;
  /** Share of genuine visits not identified by face (they go to the code path). */
  frr: number;
  /** Of the identified, how many needed 1, 2, … attempts. */
  byAttempt: number[];
  impostorVisits: number;
  falseAccepts: number;
  far: number;
  /** The accepted impostor visits, for the report. */
  falseAcceptedVisits: string[];
}

export interface VisitOptions {
  /** Face attempts per visit (the desk's maxFaceAttempts). */
  attempts: number;
  /** Only visits whose template or probe identity passes (e.g. those that involve the video). */
  involves?: (templateIdentity: string, probeIdentity: string) => boolean;
}

/** The attempt-th group of frames from the person's usable samples, in order and cycling. */
function attemptFrames(samples: VisitSample[], attempt: number, frames: number): VisitSample[] {
  return Array.from(
    { length: frames },
    (_, j) => samples[(attempt * frames + j) % samples.length] as VisitSample,
  );
}

/** Index of the first matching attempt (0-based), or -1. */
function firstMatch(template: number[], probes: VisitSample[], rule: DecisionRule, attempts: number): number {
  if (probes.length === 0) return -1;
  const tpl = { modelId: rule.modelId, descriptors: [template] };
  for (let k = 0; k < attempts; k += 1) {
    const frames = attemptFrames(probes, k, rule.multiFrame.frames).map((s) => ({
      descriptor: s.probe as number[],
      quality: { ok: true, reasons: [], metrics: s.metrics as QualityMetrics },
    }));
    if (verify(tpl, frames, rule).outcome === 'match') return k;
  }
  return -1;
}

export function simulateVisits(
  samples: VisitSample[],
  rule: DecisionRule,
  options: VisitOptions,
): VisitFigures {
  const involves = options.involves ?? (() => true);
  const identities = [...new Set(samples.map((s) => s.identity))].sort();
  const usable = (identity: string, except?: string): VisitSample[] =>
    samples.filter((s) => s.identity === identity && s.id !== except && s.probe !== null && s.metrics);
  const figures: VisitFigures = {
    genuineVisits: 0,
    identified: 0,
    frr: 0,
    byAttempt: Array.from({ length: options.attempts }, () => 0),
    impostorVisits: 0,
    falseAccepts: 0,
    far: 0,
    falseAcceptedVisits: [],
  };
  for (const enrolment of samples) {
    // A photo with no face cannot be enrolled: the registrar takes another.
    if (!enrolment.enrolled) continue;
    for (const identity of identities) {
      if (!involves(enrolment.identity, identity)) continue;
      const same = identity === enrolment.identity;
      const probes = usable(identity, same ? enrolment.id : undefined);
      // A person with a single photo has no genuine visit to compose.
      if (same && samples.filter((s) => s.identity === identity).length < 2) continue;
      const matched = firstMatch(enrolment.enrolled, probes, rule, options.attempts);
      if (same) {
        figures.genuineVisits += 1;
        if (matched >= 0) {
          figures.identified += 1;
          figures.byAttempt[matched] = (figures.byAttempt[matched] as number) + 1;
        }
      } else {
        figures.impostorVisits += 1;
        if (matched >= 0) {
          figures.falseAccepts += 1;
          figures.falseAcceptedVisits.push(`${identity} as ${enrolment.id}`);
        }
      }
    }
  }
  const rate = (n: number, d: number): number => Number((d ? n / d : 0).toFixed(4));
  figures.frr = rate(figures.genuineVisits - figures.identified, figures.genuineVisits);
  figures.far = rate(figures.falseAccepts, figures.impostorVisits);
  return figures;
}
