/**
 * 1:1 verification: do these live frames show the person of this template?
 */
import type { QualityVerdict } from '../../shared/face.ts';
import { thresholdFor, type DecisionRule } from './decision-rule.ts';
import {
  DESCRIPTOR_LENGTH,
  distanceToTemplate,
  validateDescriptor,
  validateTemplate,
  type Descriptor,
} from './descriptor.ts';

export interface Probe {
  descriptor: ArrayLike<number>;
  quality: QualityVerdict;
}

export interface FrameVerdict {
  distance: number;
  threshold: number;
  within: boolean;
}

export interface VerifyDecision {
  /** `insufficient`: too few gate-passing frames to decide; keep capturing. */
  outcome: 'match' | 'no_match' | 'insufficient';
  /** Distance of the mean descriptor to the template (recorded in the audit), or null without a decision. */
  distance: number | null;
  /** The threshold that applied (the strictest over the frames used). */
  threshold: number | null;
  bands: string[];
  framesUsed: number;
  framesAgreeing: number;
  frames: FrameVerdict[];
}

function meanDescriptor(descriptors: Descriptor[]): Descriptor {
  const mean = new Float32Array(DESCRIPTOR_LENGTH);
  for (const d of descriptors)
    for (let i = 0; i < DESCRIPTOR_LENGTH; i += 1) mean[i] = (mean[i] as number) + (d[i] as number);
  for (let i = 0; i < DESCRIPTOR_LENGTH; i += 1) mean[i] = (mean[i] as number) / descriptors.length;
  return mean;
}

/**
 * Frames that failed the quality gate are ignored (never matched). With at least
 * `rule.multiFrame.frames` good frames, it is a match when `agree` of them are within their
 * threshold and, if configured, the mean of their descriptors is within the strictest one.
 * Descriptors and template are validated first; invalid input throws INVALID_DESCRIPTOR /
 * INVALID_TEMPLATE and yields no decision.
 */
export function verify(template: unknown, probes: Probe[], rule: DecisionRule): VerifyDecision {
  const tpl = validateTemplate(template, rule.modelId);
  const checked = probes.map((p, i) => ({
    descriptor: validateDescriptor(p.descriptor, `frame ${i} descriptor`),
    quality: p.quality,
  }));
  const usable = checked.filter((p) => p.quality.ok).slice(-rule.multiFrame.frames);
  const none: VerifyDecision = {
    outcome: 'insufficient',
    distance: null,
    threshold: null,
    bands: [],
    framesUsed: usable.length,
    framesAgreeing: 0,
    frames: [],
  };
  if (usable.length < rule.multiFrame.frames) return none;
  const bands = new Set<string>();
  let strictest = Number.POSITIVE_INFINITY;
  const frames = usable.map((p) => {
    const applied = thresholdFor(rule, p.quality.metrics);
    applied.bands.forEach((b) => bands.add(b));
    strictest = Math.min(strictest, applied.threshold);
    const distance = distanceToTemplate(tpl, p.descriptor);
    return { distance, threshold: applied.threshold, within: distance <= applied.threshold };
  });
  const framesAgreeing = frames.filter((f) => f.within).length;
  const distance = distanceToTemplate(tpl, meanDescriptor(usable.map((p) => p.descriptor)));
  const meanOk = !rule.multiFrame.meanMustMatch || distance <= strictest;
  return {
    outcome: framesAgreeing >= rule.multiFrame.agree && meanOk ? 'match' : 'no_match',
    distance,
    threshold: strictest,
    bands: [...bands],
    framesUsed: usable.length,
    framesAgreeing,
    frames,
  };
}
