/**
 * The accuracy harness behind `npm run eval`: analyses every image of a pairs file with the full
 * engine (under each capture condition), scores the pairs with a pipeline's decision rule and
 * reports TAR/FAR, EER, TAR at fixed FAR and a 10-fold cross-validated threshold. One engine pass
 * per image serves every pipeline: the analysis keeps the net's output for each alignment, plain
 * and mirrored, and a pipeline's descriptor is composed from them exactly as the engine would.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { QualityMetrics } from '../../shared/face.ts';
import { thresholdFor, type DecisionRule } from '../face/decision-rule.ts';
import { euclidean, validateDescriptor } from '../face/descriptor.ts';
import { VERIFY_DETECTORS } from '../face/face-analyzer.ts';
import type { FaceEnginePool } from '../face/face-engine-pool.ts';
import {
  FACE_ALIGNMENTS,
  FACE_PIPELINES,
  type DescriptorPurpose,
  type FaceAlignment,
  type PipelineId,
} from '../face/pipelines.ts';
import { AnalysisCache, type CachedAnalysis } from './analysis-cache.ts';
import { degrade, type Condition } from './capture-conditions.ts';
import type { Pair } from './pairs.ts';
import {
  crossValidate,
  crossValidatedAccuracy,
  equalErrorRate,
  ratesAtRule,
  tarAtFar,
  type ScoredPair,
} from './verification-metrics.ts';

/** Bump when the analysis code changes what it returns for the same pixels (the chip port, the net's input). */
export const ANALYSIS_VERSION = 'variants-2026.12.1';

/** Every image's analysis under one condition, with every alignment's descriptors. */
export type VariantAnalyses = Map<string, CachedAnalysis>;

/** One image as one recipe describes it: what pairs, rules and tables are scored on. */
export interface ScoredImage {
  image: string;
  sha256: string;
  descriptor: number[] | null;
  metrics: QualityMetrics | null;
  faces: number;
  detector: string | null;
}
export type Analyses = Map<string, ScoredImage>;

/** How a descriptor is made from an analysis: which alignment, and whether mirror-averaged. */
export interface DescriptorRecipe {
  alignment: FaceAlignment;
  mirror: boolean;
}

export function recipeOf(pipeline: PipelineId, purpose: DescriptorPurpose): DescriptorRecipe {
  const spec = FACE_PIPELINES[pipeline];
  return { alignment: spec.alignment, mirror: spec.mirrorAverage[purpose] };
}

/** Whether every analysed image of the set holds the recipe's alignment (a run may have computed fewer). */
export function hasAlignment(analyses: VariantAnalyses, alignment: FaceAlignment): boolean {
  return [...analyses.values()].every((a) => a.variants === null || a.variants[alignment] !== undefined);
}

/**
 * The descriptors of one recipe, composed as the engine composes them (face-analyzer.ts). An image
 * analysed without the recipe's alignment is an error, never a silent "no face".
 */
export function project(analyses: VariantAnalyses, recipe: DescriptorRecipe): Analyses {
  const out: Analyses = new Map();
  for (const [image, a] of analyses) {
    const v = a.variants?.[recipe.alignment];
    if (a.variants && !v) {
      throw new Error(
        `${image} was analysed without the ${recipe.alignment} alignment; run with --alignments all.`,
      );
    }
    const descriptor = !v
      ? null
      : recipe.mirror
        ? v.plain.map((x, i) => (x + (v.mirrored[i] as number)) / 2)
        : v.plain;
    out.set(image, {
      image,
      sha256: a.sha256,
      descriptor,
      metrics: a.metrics,
      faces: a.faces,
      detector: a.detector,
    });
  }
  return out;
}

export interface AnalyzeDatasetOptions {
  pool: FaceEnginePool;
  imagesDir: string;
  cacheDir: string;
  modelId: string;
  /** Face widths on the clean photos, needed to shrink faces for the far-face conditions. */
  cleanFaceWidths?: Map<string, number>;
  onProgress?: (done: number, total: number) => void;
  /** How an image's bytes are read (default: the file under imagesDir). */
  read?: (image: string) => Promise<Uint8Array>;
  /** The cache file's name (default: the condition), so data sets do not share one. */
  cacheName?: string;
  /** The alignments to compute (default: all); a cached analysis missing one is analysed again. */
  alignments?: readonly FaceAlignment[];
}

export function analysisKey(modelId: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ modelId, ANALYSIS_VERSION, detectors: VERIFY_DETECTORS }))
    .digest('hex')
    .slice(0, 16);
}

export function imagesOf(pairs: Pair[]): string[] {
  return [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort();
}

/** Analyses every image under one condition, from the cache where it can. */
export async function analyzeDataset(
  images: string[],
  condition: Condition,
  o: AnalyzeDatasetOptions,
): Promise<VariantAnalyses> {
  const cache = new AnalysisCache(o.cacheDir, analysisKey(o.modelId), o.cacheName ?? condition);
  const read = o.read ?? ((image: string) => readFile(join(o.imagesDir, image)));
  const alignments = o.alignments ?? FACE_ALIGNMENTS;
  const out: VariantAnalyses = new Map();
  let done = 0;
  let next = 0;
  const workers = Array.from({ length: 4 }, async () => {
    while (next < images.length) {
      const image = images[next] as string;
      next += 1;
      const bytes = await read(image);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      let entry = cache.get(image, sha256);
      if (entry?.variants && alignments.some((al) => !entry?.variants?.[al])) entry = undefined;
      if (!entry) {
        const faceWidth = o.cleanFaceWidths?.get(image) ?? 0;
        try {
          const frame = await degrade(bytes, condition, image, faceWidth);
          const { analysis } = await o.pool.analyze(frame, {
            descriptorVariants: alignments,
            detectors: VERIFY_DETECTORS,
          });
          const face = analysis.faces[analysis.primary];
          entry = {
            image,
            sha256,
            variants: analysis.descriptorVariants ?? null,
            metrics: face ? analysis.quality.metrics : null,
            faces: analysis.faces.length,
            detector: analysis.detector ?? null,
            ...(face ? { box: face.box } : {}),
          };
        } catch (error) {
          // A corrupt benchmark image is a failure to enrol/verify: it counts as "no face".
          process.stderr.write(`  ${image}: ${(error as Error).message}\n`);
          entry = { image, sha256, variants: null, metrics: null, faces: 0, detector: null };
        }
        cache.put(entry);
      }
      out.set(image, entry);
      done += 1;
      o.onProgress?.(done, images.length);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Clean-photo face widths, with a fallback for photos where no face was found. */
export function faceWidths(analyses: VariantAnalyses | Analyses, fallback: number): Map<string, number> {
  const widths = new Map<string, number>();
  for (const [image, a] of analyses) widths.set(image, a.metrics?.faceWidthPx ?? fallback);
  return widths;
}

export interface PairScore extends ScoredPair {
  metricsA: QualityMetrics | null;
  metricsB: QualityMetrics | null;
}

/**
 * Scores each pair with the rule. `a` is described as `analyses` has it and `b` as `probes` has it
 * (by default the same): a pipeline that describes enrolment and verification differently is
 * scored with its enrolment descriptors on one side and its verification descriptors on the other.
 */
export function scorePairs(
  pairs: Pair[],
  analyses: Analyses,
  rule: DecisionRule,
  probes: Analyses = analyses,
): PairScore[] {
  return pairs.map((p) => {
    const a = analyses.get(p.a);
    const b = probes.get(p.b);
    const scored: PairScore = {
      same: p.same,
      fold: p.fold,
      distance: null,
      metricsA: a?.metrics ?? null,
      metricsB: b?.metrics ?? null,
    };
    if (a?.descriptor && b?.descriptor && a.metrics && b.metrics) {
      scored.distance = euclidean(validateDescriptor(a.descriptor), validateDescriptor(b.descriptor));
      scored.threshold = thresholdFor(rule, a.metrics, b.metrics).threshold;
    }
    return scored;
  });
}

export interface ConditionReport {
  pairs: number;
  genuine: number;
  impostor: number;
  /** Pairs where a face was not found on either side (counted as rejections). */
  undetected: number;
  undetectedImages: number;
  /** The rule's threshold for a good capture; quality bands may lower it per pair. */
  threshold: number;
  tar: number;
  far: number;
  falseAccepts: number;
  eer: number;
  tarAtFar: { '0.001': number; '0.01': number };
  /** One global threshold chosen on nine folds for FAR ≤ 0.1 %, reported on the tenth, averaged. */
  crossValidated: { tar: number; far: number; thresholds: number[] };
  /** dlib's LFW metric: 10-fold accuracy at the best threshold of the other nine folds. */
  accuracy10Fold: number;
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

export function summarize(scored: PairScore[], analyses: Analyses, rule: DecisionRule): ConditionReport {
  const atRule = ratesAtRule(scored);
  const cv = crossValidate(scored, 0.001);
  return {
    pairs: scored.length,
    genuine: atRule.genuine,
    impostor: atRule.impostor,
    undetected: scored.filter((s) => s.distance === null).length,
    undetectedImages: [...analyses.values()].filter((a) => a.descriptor === null).length,
    threshold: rule.threshold,
    tar: round(atRule.tar),
    far: round(atRule.far, 5),
    falseAccepts: atRule.falseAccepts,
    eer: round(equalErrorRate(scored)),
    tarAtFar: { '0.001': round(tarAtFar(scored, 0.001)), '0.01': round(tarAtFar(scored, 0.01)) },
    crossValidated: {
      tar: round(cv.tar),
      far: round(cv.far, 5),
      thresholds: cv.folds.map((f) => round(f.threshold, 4)),
    },
    accuracy10Fold: round(crossValidatedAccuracy(scored)),
  };
}
