/**
 * npm run eval -- --pairs FILE --images DIR [--pipeline ID] [--conditions all|clean,lowres,...]
 *                 [--workers N] [--degraded-folds all|A-B] [--rule FILE] [--cache DIR]
 *                 [--calibrate [--write]] [--dedup [--write]] [--compare] [--continuity]
 *                 [--multi-frame] [--alignments all|dlib-chip,landmark-box]
 *
 * Runs the full engine on every image of a pairs file under each capture condition and prints
 * one line per condition, then, as its last line, one JSON object: the clean condition's figures
 * at the top level and every condition under `conditions`. Figures are for one descriptor pipeline
 * (the current one by default) judged by that pipeline's rule; one engine pass per image serves
 * every pipeline (run-evaluation.ts), so `--compare` also scores each alignment with and without
 * mirror-averaging, at enrolment and at verification separately, on the same detections.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CONDITIONS, CONDITION_NOTES, type Condition } from '../src/core/evaluation/capture-conditions.ts';
import { calibrateRule } from '../src/core/evaluation/calibrate-rule.ts';
import {
  chooseDuplicateThreshold,
  DUPLICATE_THRESHOLD_GRID,
  duplicateThresholdTable,
  MAX_FALSE_FLAGS_PER_100K,
} from '../src/core/evaluation/duplicate-threshold.ts';
import {
  crossIdentityDistances,
  distanceAtFalseMatchRate,
  falseMatchRateAt,
} from '../src/core/evaluation/false-match-curve.ts';
import {
  evaluateMultiFrame,
  MULTI_FRAME_CHOICES,
  multiFrameName,
  type MultiFrameReport,
} from '../src/core/evaluation/multi-frame.ts';
import { parsePairs } from '../src/core/evaluation/pairs.ts';
import {
  analyzeDataset,
  faceWidths,
  hasAlignment,
  imagesOf,
  project,
  recipeOf,
  scorePairs,
  summarize,
  type Analyses,
  type ConditionReport,
  type DescriptorRecipe,
  type VariantAnalyses,
} from '../src/core/evaluation/run-evaluation.ts';
import {
  DEFAULT_DECISION_RULE_FILE,
  decisionRuleHash,
  loadDecisionRules,
  withRule,
} from '../src/core/face/decision-rule-file.ts';
import { FaceEnginePool } from '../src/core/face/face-engine-pool.ts';
import { MANIFEST_SHA256, parseManifest } from '../src/core/face/model-files.ts';
import {
  CURRENT_PIPELINE,
  FACE_ALIGNMENTS,
  isPipelineId,
  PIPELINE_IDS,
  type FaceAlignment,
  type PipelineId,
} from '../src/core/face/pipelines.ts';
import { CONTINUITY_LIMITS } from '../src/core/liveness/config.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'data', 'faces', 'lfw');
const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: join(shared, 'pairs.tsv') },
    images: { type: 'string', default: join(shared, 'images') },
    pipeline: { type: 'string', default: CURRENT_PIPELINE },
    conditions: { type: 'string', default: 'clean' },
    workers: { type: 'string', default: String(Math.max(1, availableParallelism())) },
    rule: { type: 'string', default: DEFAULT_DECISION_RULE_FILE },
    cache: { type: 'string', default: join(root, '.cache', 'eval') },
    calibrate: { type: 'boolean', default: false },
    /** Folds used for the degraded conditions, e.g. "1-5" (each condition costs a full engine pass). */
    'degraded-folds': { type: 'string', default: 'all' },
    write: { type: 'boolean', default: false },
    /** Also measure the 1:N duplicate check's false-match rate over every pair of clean photos. */
    dedup: { type: 'boolean', default: false },
    /** Also score every alignment with and without mirror-averaging, per purpose. */
    compare: { type: 'boolean', default: false },
    /** Also score the LFW multi-frame attempts under every multi-frame rule of MULTI_FRAME_CHOICES. */
    'multi-frame': { type: 'boolean', default: false },
    /** Which alignments the engine computes for images not yet cached (each costs two passes of the net). */
    alignments: { type: 'string', default: 'all' },
    /** Also carry the legacy pipeline's liveness continuity limits to this pipeline at equal false-match rate. */
    continuity: { type: 'boolean', default: false },
  },
});

const pipeline = values.pipeline;
if (!isPipelineId(pipeline))
  throw new Error(`Unknown pipeline ${pipeline}; use one of ${PIPELINE_IDS.join(', ')}.`);
const conditions: Condition[] =
  values.conditions === 'all'
    ? [...CONDITIONS]
    : (values.conditions.split(',').map((c) => {
        if (!(CONDITIONS as readonly string[]).includes(c))
          throw new Error(`Unknown condition ${c}; use ${CONDITIONS.join(', ')} or all.`);
        return c;
      }) as Condition[]);
const modelsDir = join(root, 'models');
const manifest = parseManifest(readFileSync(join(modelsDir, 'manifest.json')), MANIFEST_SHA256);
const ruleFile = resolve(values.rule);
// Any rule file may be evaluated (a candidate, an older one): research does not pin it.
const rules = loadDecisionRules(ruleFile, { pin: null });
const rule = rules[pipeline];
const pairs = parsePairs(readFileSync(resolve(values.pairs), 'utf8'));
const images = imagesOf(pairs);
const foldRange =
  values['degraded-folds'] === 'all' ? undefined : values['degraded-folds'].split('-').map(Number);
if (foldRange && (foldRange.length !== 2 || foldRange.some((n) => !Number.isInteger(n)))) {
  throw new Error('--degraded-folds takes "all" or a range such as 1-5');
}
const inRange = (fold: number): boolean =>
  !foldRange || (fold >= (foldRange[0] as number) && fold <= (foldRange[1] as number));
/** The pairs scored under a condition: all of them when clean, the chosen folds when degraded. */
const pairsFor = (condition: Condition) =>
  condition === 'clean' ? pairs : pairs.filter((p) => inRange(p.fold));
const alignments: FaceAlignment[] =
  values.alignments === 'all'
    ? [...FACE_ALIGNMENTS]
    : values.alignments.split(',').map((a) => {
        if (!(FACE_ALIGNMENTS as readonly string[]).includes(a))
          throw new Error(`Unknown alignment ${a}; use ${FACE_ALIGNMENTS.join(', ')} or all.`);
        return a as FaceAlignment;
      });
const imagesDir = resolve(values.images);
const pool = await FaceEnginePool.start(Number(values.workers), { modelsDir });
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const variants = new Map<Condition, VariantAnalyses>();
try {
  const common = { pool, imagesDir, cacheDir: resolve(values.cache), modelId: manifest.modelId, alignments };
  const progress = (condition: string) => (done: number, total: number) => {
    if (done % 500 === 0 || done === total) log(`  ${condition}: ${done}/${total} images`);
  };
  const clean = await analyzeDataset(images, 'clean', { ...common, onProgress: progress('clean') });
  variants.set('clean', clean);
  const widths = faceWidths(clean, 110);
  for (const condition of conditions) {
    if (condition === 'clean') continue;
    variants.set(
      condition,
      await analyzeDataset(imagesOf(pairsFor(condition)), condition, {
        ...common,
        cleanFaceWidths: widths,
        onProgress: progress(condition),
      }),
    );
  }
} finally {
  await pool.close();
}

/** Each condition's images as the pipeline describes them at enrolment and at verification. */
const described = (recipe: DescriptorRecipe): Map<Condition, Analyses> =>
  new Map([...variants].map(([c, v]) => [c, project(v, recipe)]));
const enrolled = described(recipeOf(pipeline, 'enrol'));
const verified = described(recipeOf(pipeline, 'verify'));
const degradedFolds =
  values['degraded-folds'] === 'all' ? '' : ` --degraded-folds ${values['degraded-folds']}`;
const command = `npm run eval -- --pipeline ${pipeline} --conditions ${values.conditions}${degradedFolds}`;

let activeRule = rule;
if (values.calibrate) {
  activeRule = calibrateRule(pairsFor, enrolled, rule, {
    log,
    probes: verified,
    command: `${command} --calibrate --write`,
    source: `${values.pairs} (${pairs.length} pairs), conditions ${[...variants.keys()].join(', ')}`,
  });
  log(`calibrated rule: ${JSON.stringify(activeRule)}`);
}

if (values.dedup) {
  // Templates are compared mean to mean, each made as enrolment makes it.
  const table = duplicateThresholdTable(enrolled.get('clean') as Analyses, DUPLICATE_THRESHOLD_GRID);
  log(
    `duplicate check (${pipeline}) over ${table.photos} photos: ${table.crossPairs} cross-identity, ${table.samePairs} same-identity pairs`,
  );
  for (const row of table.rows) {
    log(
      `  threshold ${row.threshold}: ${row.falseMatchRate} false matches per comparison, ` +
        `${row.falseFlagsPer100k} false flags per enrolment at 100,000, ${(row.sameFound * 100).toFixed(1)} % of same-person pairs found`,
    );
  }
  const chosen = chooseDuplicateThreshold(table.rows);
  log(
    `  loosest threshold within ${MAX_FALSE_FLAGS_PER_100K} false flags per enrolment at 100,000: ${chosen}`,
  );
  if (chosen !== null)
    activeRule = { ...activeRule, duplicateThreshold: Math.min(chosen, activeRule.threshold) };
}

if (values.write && (values.calibrate || values.dedup)) {
  const written = withRule(rules, pipeline, activeRule);
  writeFileSync(ruleFile, `${JSON.stringify(written, null, 2)}\n`);
  log(`${pipeline}'s rule written to ${ruleFile}`);
  // Desks accept only the pinned rule: a new one ships with its hash in the code.
  log(`pin it: DECISION_RULE_SHA256 = '${decisionRuleHash(written)}' in src/core/face/decision-rule-file.ts`);
}

/** The legacy continuity limits, and the distances with the same false-match rate in this pipeline. */
const continuity: Record<string, { legacy: number; falseMatchRate: number; equivalent: number }> = {};
if (values.continuity) {
  // Continuity compares live frames of one session: verification descriptors on both sides.
  const legacyId: PipelineId = PIPELINE_IDS[0] as PipelineId;
  const legacy = crossIdentityDistances(
    project(variants.get('clean') as VariantAnalyses, recipeOf(legacyId, 'verify')),
  );
  const target = crossIdentityDistances(verified.get('clean') as Analyses);
  for (const [name, limit] of Object.entries(CONTINUITY_LIMITS[legacyId])) {
    const rate = falseMatchRateAt(legacy, limit);
    const equivalent = distanceAtFalseMatchRate(target, rate);
    continuity[name] = {
      legacy: limit,
      falseMatchRate: Number(rate.toExponential(3)),
      equivalent: Number(equivalent.toFixed(4)),
    };
    log(
      `continuity ${name}: ${legacyId} ${limit} falsely matches ${rate.toExponential(3)} of ${legacy.length} cross-identity pairs; ` +
        `${pipeline} does at ${equivalent.toFixed(4)}`,
    );
  }
}

const reports: Partial<Record<Condition, ConditionReport & { multiFrameRule: MultiFrameReport }>> = {};
for (const condition of conditions) {
  const e = enrolled.get(condition) as Analyses;
  const v = verified.get(condition) as Analyses;
  const report = {
    ...summarize(scorePairs(pairsFor(condition), e, activeRule, v), v, activeRule),
    multiFrameRule: evaluateMultiFrame(v, activeRule, e),
  };
  reports[condition] = report;
  console.log(
    `${condition.padEnd(7)} TAR ${(report.tar * 100).toFixed(2)}%  FAR ${(report.far * 100).toFixed(3)}% (${report.falseAccepts} of ${report.impostor})` +
      `  EER ${(report.eer * 100).toFixed(2)}%  TAR@FAR0.1% ${(report.tarAtFar['0.001'] * 100).toFixed(2)}%` +
      `  TAR@FAR1% ${(report.tarAtFar['0.01'] * 100).toFixed(2)}%  CV ${(report.crossValidated.tar * 100).toFixed(2)}%` +
      `  acc ${(report.accuracy10Fold * 100).toFixed(2)}%  undetected ${report.undetectedImages} images — ${CONDITION_NOTES[condition]}\n` +
      `        ${activeRule.multiFrame.agree}-of-${activeRule.multiFrame.frames} rule: TAR ${(report.multiFrameRule.multiFrame.tar * 100).toFixed(2)}% FAR ${(report.multiFrameRule.multiFrame.far * 100).toFixed(3)}%` +
      ` vs single frame TAR ${(report.multiFrameRule.singleFrame.tar * 100).toFixed(2)}% FAR ${(report.multiFrameRule.singleFrame.far * 100).toFixed(3)}%` +
      ` (${report.multiFrameRule.attempts.genuine} genuine, ${report.multiFrameRule.attempts.impostor} impostor attempts)`,
  );
}

/** The LFW multi-frame attempts under each candidate rule (same thresholds, other frames/agree/mean). */
const multiFrameChoices: Record<
  string,
  Record<string, MultiFrameReport['multiFrame'] & { attempts: MultiFrameReport['attempts'] }>
> = {};
if (values['multi-frame']) {
  for (const choice of MULTI_FRAME_CHOICES) {
    const name = multiFrameName(choice);
    const byCondition: (typeof multiFrameChoices)[string] = {};
    for (const condition of conditions) {
      const r = evaluateMultiFrame(
        verified.get(condition) as Analyses,
        { ...activeRule, multiFrame: choice },
        enrolled.get(condition) as Analyses,
      );
      byCondition[condition] = { ...r.multiFrame, attempts: r.attempts };
    }
    multiFrameChoices[name] = byCondition;
    log(
      `multi-frame ${name.padEnd(12)} ` +
        Object.entries(byCondition)
          .map(([c, r]) => `${c} TAR ${(r.tar * 100).toFixed(1)}% FAR ${(r.far * 100).toFixed(3)}%`)
          .join(' | '),
    );
  }
}

/** Threshold-free figures of every alignment × mirror choice, per purpose, on the same detections. */
const recipes: Record<string, Record<string, Omit<ConditionReport, 'threshold'>>> = {};
if (values.compare) {
  const choices: [string, DescriptorRecipe, DescriptorRecipe][] = [];
  for (const alignment of FACE_ALIGNMENTS) {
    for (const enrolMirror of [false, true]) {
      for (const verifyMirror of [false, true]) {
        choices.push([
          `${alignment} enrol:${enrolMirror ? 'mirror' : 'plain'} verify:${verifyMirror ? 'mirror' : 'plain'}`,
          { alignment, mirror: enrolMirror },
          { alignment, mirror: verifyMirror },
        ]);
      }
    }
  }
  for (const [name, enrol, verify] of choices) {
    recipes[name] = {};
    for (const condition of conditions) {
      // A condition analysed with fewer alignments (--alignments) is compared on those it has.
      if (!hasAlignment(variants.get(condition) as VariantAnalyses, verify.alignment)) continue;
      const v = project(variants.get(condition) as VariantAnalyses, verify);
      const e = project(variants.get(condition) as VariantAnalyses, enrol);
      const { threshold: _threshold, ...figures } = summarize(
        scorePairs(pairsFor(condition), e, activeRule, v),
        v,
        activeRule,
      );
      (recipes[name] as Record<string, unknown>)[condition] = figures;
      log(
        `compare ${name.padEnd(42)} ${condition.padEnd(7)} EER ${(figures.eer * 100).toFixed(2)}%` +
          `  TAR@FAR0.1% ${(figures.tarAtFar['0.001'] * 100).toFixed(2)}%  TAR@FAR1% ${(figures.tarAtFar['0.01'] * 100).toFixed(2)}%` +
          `  CV ${(figures.crossValidated.tar * 100).toFixed(2)}%  acc ${(figures.accuracy10Fold * 100).toFixed(2)}%`,
      );
    }
  }
}

const headline = reports.clean ?? reports[conditions[0] as Condition];
console.log(
  JSON.stringify({
    ...headline,
    pipeline,
    rule: {
      file: ruleFile,
      calibration: activeRule.calibration,
      bands: activeRule.bands.map((b) => `${b.name}≤${b.threshold}`),
      duplicateThreshold: activeRule.duplicateThreshold,
    },
    conditions: reports,
    ...(values.compare ? { recipes } : {}),
    ...(values.continuity ? { continuity } : {}),
    ...(values['multi-frame'] ? { multiFrameChoices } : {}),
  }),
);
