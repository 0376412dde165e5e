/**
 * How the multi-frame rule behaves against single frames, on a data set whose folders are
 * identities (LFW: images/<Name>/<Name>_0001.jpg). Each identity with at least four photos is
 * enrolled from its first; its other photos, three at a time, are genuine attempts; three photos
 * of another identity are an impostor attempt. A single frame is judged alone; the rule judges
 * the three together (verify()).
 */
import type { QualityVerdict } from '../../shared/face.ts';
import { thresholdFor, type DecisionRule } from '../face/decision-rule.ts';
import { distanceToTemplate, validateDescriptor, validateTemplate } from '../face/descriptor.ts';
import { verify } from '../face/matcher.ts';
import type { Analyses } from './run-evaluation.ts';

/**
 * The multi-frame rules the harnesses compare (`npm run eval -- --multi-frame`, `npm run
 * eval:visits`): how many gate-passing frames a decision takes, how many must be within their
 * threshold, and whether their mean descriptor must be too.
 */
export const MULTI_FRAME_CHOICES: readonly DecisionRule['multiFrame'][] = [
  { frames: 1, agree: 1, meanMustMatch: true },
  { frames: 2, agree: 2, meanMustMatch: true },
  { frames: 3, agree: 1, meanMustMatch: true },
  { frames: 3, agree: 2, meanMustMatch: false },
  { frames: 3, agree: 2, meanMustMatch: true },
  { frames: 3, agree: 3, meanMustMatch: true },
  { frames: 5, agree: 3, meanMustMatch: true },
];

export const multiFrameName = (m: DecisionRule['multiFrame']): string =>
  `${m.agree}-of-${m.frames}${m.meanMustMatch ? '+mean' : ''}`;

export interface MultiFrameReport {
  attempts: { genuine: number; impostor: number };
  singleFrame: { tar: number; far: number };
  multiFrame: { tar: number; far: number };
}

const identityOf = (image: string): string => image.split('/')[0] ?? image;

interface Tally {
  genuine: number;
  accepted: number;
  impostor: number;
  falseAccepted: number;
}

function count(tally: Tally, same: boolean, accepted: boolean): void {
  if (same) {
    tally.genuine += 1;
    if (accepted) tally.accepted += 1;
  } else {
    tally.impostor += 1;
    if (accepted) tally.falseAccepted += 1;
  }
}

/**
 * `analyses` describes the photos as verification does; `enrolledAs`, when the pipeline describes
 * enrolment differently, is how the enrolled photo is described.
 */
export function evaluateMultiFrame(
  analyses: Analyses,
  rule: DecisionRule,
  enrolledAs: Analyses = analyses,
): MultiFrameReport {
  type Photo = { descriptor: number[]; enrolled: number[]; quality: QualityVerdict };
  const byIdentity = new Map<string, Photo[]>();
  for (const [image, a] of [...analyses].sort(([x], [y]) => x.localeCompare(y))) {
    const enrolled = enrolledAs.get(image)?.descriptor;
    if (!a.descriptor || !enrolled || !a.metrics) continue;
    const list = byIdentity.get(identityOf(image)) ?? [];
    // The accuracy harness has no live gate to pass: every described photo counts as a good frame.
    list.push({ descriptor: a.descriptor, enrolled, quality: { ok: true, reasons: [], metrics: a.metrics } });
    byIdentity.set(identityOf(image), list);
  }
  const identities = [...byIdentity.entries()].filter(([, photos]) => photos.length >= 4);
  const frames = rule.multiFrame.frames;
  const single: Tally = { genuine: 0, accepted: 0, impostor: 0, falseAccepted: 0 };
  const multi: Tally = { genuine: 0, accepted: 0, impostor: 0, falseAccepted: 0 };

  const attempt = (enrolled: Photo, probes: Photo[], same: boolean) => {
    const template = validateTemplate({ modelId: rule.modelId, descriptors: [enrolled.enrolled] });
    for (const p of probes) {
      const within =
        distanceToTemplate(template, validateDescriptor(p.descriptor)) <=
        thresholdFor(rule, enrolled.quality.metrics, p.quality.metrics).threshold;
      count(single, same, within);
    }
    const decision = verify(template, probes, rule);
    // The enrolment photo's quality also bounds the threshold, as in scorePairs.
    const strict = thresholdFor(rule, enrolled.quality.metrics).threshold;
    const match = decision.outcome === 'match' && decision.distance !== null && decision.distance <= strict;
    count(multi, same, match);
  };

  identities.forEach(([, photos], i) => {
    const [enrolled, ...rest] = photos as [(typeof photos)[number], ...typeof photos];
    for (let k = 0; k + frames <= rest.length; k += frames)
      attempt(enrolled, rest.slice(k, k + frames), true);
    // Impostors: the next three identities in order, three photos each.
    for (let j = 1; j <= 3; j += 1) {
      const other = identities[(i + j) % identities.length];
      if (other && other[1] !== photos) attempt(enrolled, other[1].slice(0, frames), false);
    }
  });
  const rate = (n: number, d: number): number => Number((d ? n / d : 0).toFixed(5));
  return {
    attempts: { genuine: multi.genuine, impostor: multi.impostor },
    singleFrame: {
      tar: rate(single.accepted, single.genuine),
      far: rate(single.falseAccepted, single.impostor),
    },
    multiFrame: { tar: rate(multi.accepted, multi.genuine), far: rate(multi.falseAccepted, multi.impostor) },
  };
}
