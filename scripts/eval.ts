/**
 * npm run eval -- --pairs FILE --images DIR [--conditions all|clean,lowres,...] [--workers N]
 *                 [--degraded-folds all|A-B] [--rule FILE] [--cache DIR] [--calibrate [--write]]
 *
 * Runs the full engine on every image of a pairs file under each capture condition and prints
 * one line per condition, then, as its last line, one JSON object: the clean condition's figures
 * at the top level and every condition under `conditions`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CONDITIONS, CONDITION_NOTES, type Condition } from '../src/core/evaluation/capture-conditions.ts';
import { calibrateRule } from '../src/core/evaluation/calibrate-rule.ts';
import { duplicateThresholdTable } from '../src/core/evaluation/duplicate-threshold.ts';
import { evaluateMultiFrame, type MultiFrameReport } from '../src/core/evaluation/multi-frame.ts';
import { parsePairs } from '../src/core/evaluation/pairs.ts';
import {
  analyzeDataset,
  faceWidths,
  imagesOf,
  scorePairs,
  summarize,
  type Analyses,
  type ConditionReport,
} from '../src/core/evaluation/run-evaluation.ts';
import { DEFAULT_DECISION_RULE_FILE, loadDecisionRule } from '../src/core/face/decision-rule-file.ts';
import { ENGINE_ANALYZE_OPTIONS } from '../src/core/face/face-analyzer.ts';
import { FaceEnginePool } from '../src/core/face/face-engine-pool.ts';
import { MANIFEST_SHA256, parseManifest } from '../src/core/face/model-files.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'data', 'faces', 'lfw');
const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: join(shared, 'pairs.tsv') },
    images: { type: 'string', default: join(shared, 'images') },
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
  },
});

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
const rule = loadDecisionRule(ruleFile);
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
const imagesDir = resolve(values.images);
const pool = await FaceEnginePool.start(Number(values.workers), { modelsDir });
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const analyses = new Map<Condition, Analyses>();
try {
  const common = {
    pool,
    imagesDir,
    cacheDir: resolve(values.cache),
    modelId: manifest.modelId,
    analyzeOptions: ENGINE_ANALYZE_OPTIONS,
  };
  const progress = (condition: string) => (done: number, total: number) => {
    if (done % 500 === 0 || done === total) log(`  ${condition}: ${done}/${total} images`);
  };
  const clean = await analyzeDataset(images, 'clean', { ...common, onProgress: progress('clean') });
  analyses.set('clean', clean);
  const widths = faceWidths(clean, 110);
  for (const condition of conditions) {
    if (condition === 'clean') continue;
    analyses.set(
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

let activeRule = rule;
if (values.calibrate) {
  activeRule = calibrateRule(pairsFor, analyses, rule, {
    log,
    source: `${values.pairs} (${pairs.length} pairs), conditions ${[...analyses.keys()].join(', ')}`,
  });
  log(`calibrated rule: ${JSON.stringify(activeRule)}`);
  if (values.write) {
    writeFileSync(ruleFile, `${JSON.stringify(activeRule, null, 2)}\n`);
    log(`written to ${ruleFile}`);
  }
}

if (values.dedup) {
  const table = duplicateThresholdTable(analyses.get('clean') as Analyses, [0.3, 0.32, 0.35, 0.4]);
  log(
    `duplicate check over ${table.photos} photos: ${table.crossPairs} cross-identity, ${table.samePairs} same-identity pairs`,
  );
  for (const row of table.rows) {
    log(
      `  threshold ${row.threshold}: ${row.falseMatchRate} false matches per comparison, ` +
        `${row.falseFlagsPer100k} false flags per enrolment at 100,000, ${(row.sameFound * 100).toFixed(1)} % of same-person pairs found`,
    );
  }
}

const reports: Partial<Record<Condition, ConditionReport & { multiFrameRule: MultiFrameReport }>> = {};
for (const condition of conditions) {
  const a = analyses.get(condition) as Analyses;
  const report = {
    ...summarize(scorePairs(pairsFor(condition), a, activeRule), a, activeRule),
    multiFrameRule: evaluateMultiFrame(a, activeRule),
  };
  reports[condition] = report;
  console.log(
    `${condition.padEnd(7)} TAR ${(report.tar * 100).toFixed(2)}%  FAR ${(report.far * 100).toFixed(3)}% (${report.falseAccepts} of ${report.impostor})` +
      `  EER ${(report.eer * 100).toFixed(2)}%  TAR@FAR0.1% ${(report.tarAtFar['0.001'] * 100).toFixed(2)}%` +
      `  undetected ${report.undetectedImages} images — ${CONDITION_NOTES[condition]}\n` +
      `        ${activeRule.multiFrame.agree}-of-${activeRule.multiFrame.frames} rule: TAR ${(report.multiFrameRule.multiFrame.tar * 100).toFixed(2)}% FAR ${(report.multiFrameRule.multiFrame.far * 100).toFixed(3)}%` +
      ` vs single frame TAR ${(report.multiFrameRule.singleFrame.tar * 100).toFixed(2)}% FAR ${(report.multiFrameRule.singleFrame.far * 100).toFixed(3)}%` +
      ` (${report.multiFrameRule.attempts.genuine} genuine, ${report.multiFrameRule.attempts.impostor} impostor attempts)`,
  );
}
const headline = reports.clean ?? reports[conditions[0] as Condition];
console.log(
  JSON.stringify({
    ...headline,
    rule: {
      file: ruleFile,
      calibration: activeRule.calibration,
      bands: activeRule.bands.map((b) => `${b.name}≤${b.threshold}`),
    },
    conditions: reports,
  }),
);
