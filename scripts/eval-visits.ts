/**
 * npm run eval:visits -- [--people DIR] [--video FILE] [--conditions all|clean,lowres,...]
 *                        [--attempts N] [--rule FILE] [--workers N] [--cache DIR]
 *
 * Validation on data no rule was tuned on, and per-visit figures, for every descriptor pipeline:
 *  - pairs: every photo of the people set enrolled (clean) against every other photo under each
 *    capture condition, and the video's one-person shot (Lin-Manuel Miranda, also in the people
 *    set) against itself and everyone else, judged by each pipeline's rule;
 *  - visits (visit-simulation.ts): the share of genuine patients identified by face within one
 *    visit of up to N attempts (the desk's maxFaceAttempts, 3 by default) and the impostor visits
 *    that pass, per condition, on the people set and with the video's frames as a patient;
 *  - the multi-frame rule: the same visits under other frames/agree/mean choices.
 * One engine pass per image (every alignment, plain and mirrored), cached under .cache/eval.
 * Progress goes to stderr; the last line of stdout is one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { CONDITIONS, type Condition } from '../src/core/evaluation/capture-conditions.ts';
import {
  analyzeDataset,
  faceWidths,
  project,
  recipeOf,
  type VariantAnalyses,
} from '../src/core/evaluation/run-evaluation.ts';
import { MULTI_FRAME_CHOICES, multiFrameName } from '../src/core/evaluation/multi-frame.ts';
import { ratesAtRule, type ScoredPair } from '../src/core/evaluation/verification-metrics.ts';
import {
  simulateVisits,
  type VisitFigures,
  type VisitSample,
} from '../src/core/evaluation/visit-simulation.ts';
import { thresholdFor, type DecisionRule } from '../src/core/face/decision-rule.ts';
import { DEFAULT_DECISION_RULE_FILE, loadDecisionRules } from '../src/core/face/decision-rule-file.ts';
import { euclidean } from '../src/core/face/descriptor.ts';
import { FaceEnginePool } from '../src/core/face/face-engine-pool.ts';
import { MANIFEST_SHA256, parseManifest } from '../src/core/face/model-files.ts';
import { PIPELINE_IDS, type PipelineId } from '../src/core/face/pipelines.ts';
import { longestShot, type EvalFrame } from '../src/core/evaluation/liveness/evaluate-liveness.ts';
import { DEFAULT_LIVENESS_CONFIG } from '../src/core/liveness/config.ts';
import { DEFAULT_VISIT_CONFIG } from '../src/core/visit/config.ts';
import { decodeVideo } from '../src/core/evaluation/liveness/eval-inputs.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'data');
const { values } = parseArgs({
  options: {
    people: { type: 'string', default: join(shared, 'faces', 'people') },
    video: { type: 'string', default: join(shared, 'video', 'short_hamilton_clip.mp4') },
    /** Who the video's longest one-person shot shows (a people-set identity). */
    'video-identity': { type: 'string', default: 'lin_manuel_miranda' },
    conditions: { type: 'string', default: 'all' },
    attempts: { type: 'string', default: String(DEFAULT_VISIT_CONFIG.maxFaceAttempts) },
    rule: { type: 'string', default: DEFAULT_DECISION_RULE_FILE },
    workers: { type: 'string', default: String(Math.max(1, availableParallelism())) },
    cache: { type: 'string', default: join(root, '.cache', 'eval') },
  },
});
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const conditions: Condition[] =
  values.conditions === 'all'
    ? [...CONDITIONS]
    : (values.conditions.split(',').map((c) => {
        if (!(CONDITIONS as readonly string[]).includes(c)) throw new Error(`Unknown condition ${c}.`);
        return c;
      }) as Condition[]);
if (!conditions.includes('clean')) conditions.unshift('clean');
const attempts = Number(values.attempts);
if (!Number.isInteger(attempts) || attempts < 1) throw new Error('--attempts takes a whole number ≥ 1');
// Candidate rules are evaluated here too: research does not pin the file.
const rules = loadDecisionRules(resolve(values.rule), { pin: null });
const modelsDir = join(root, 'models');
const manifest = parseManifest(readFileSync(join(modelsDir, 'manifest.json')), MANIFEST_SHA256);
const videoIdentity = values['video-identity'];

if (!existsSync(values.people)) {
  log(`\n!!! SKIPPING: ${values.people} is not present; nothing to validate on. !!!\n`);
  console.log(JSON.stringify({ skipped: true }));
  process.exit(0);
}
const files = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .sort();
const photos = files(values.people).flatMap((person) =>
  files(join(values.people, person)).map((f) => `${person}/${f}`),
);

/** A photo as a webcam-sized frame (fits 640×480), losslessly encoded so a condition can degrade it. */
async function webcamSized(image: string): Promise<Uint8Array> {
  return sharp(readFileSync(join(values.people, image)))
    .rotate()
    .resize(640, 480, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .png()
    .toBuffer();
}

/** The clip at 10 fps, 640 px wide, each frame as a PNG; undefined when ffmpeg or the clip is missing. */
async function videoFrames(file: string): Promise<Uint8Array[] | undefined> {
  if (!existsSync(file)) {
    log(`\n!!! SKIPPING VIDEO: ${file} is not present. !!!\n`);
    return undefined;
  }
  if (spawnSync('ffmpeg', ['-version']).error) {
    log('\n!!! SKIPPING VIDEO: ffmpeg is not on PATH. !!!\n');
    return undefined;
  }
  const frames = (await decodeVideo(file, undefined)) ?? [];
  const out: Uint8Array[] = [];
  for (const frame of frames) {
    out.push(
      await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } })
        .png()
        .toBuffer(),
    );
  }
  return out;
}

const pool = await FaceEnginePool.start(Number(values.workers), { modelsDir });
const people = new Map<Condition, VariantAnalyses>();
let video: VariantAnalyses | undefined;
let shot: [number, number] | undefined;
try {
  const sized = new Map<string, Uint8Array>();
  for (const p of photos) sized.set(p, await webcamSized(p));
  const common = {
    pool,
    imagesDir: values.people,
    cacheDir: resolve(values.cache),
    modelId: manifest.modelId,
    read: async (image: string) => sized.get(image) as Uint8Array,
  };
  const clean = await analyzeDataset(photos, 'clean', { ...common, cacheName: 'people-clean' });
  people.set('clean', clean);
  const widths = faceWidths(clean, 110);
  for (const condition of conditions) {
    if (condition === 'clean') continue;
    log(`  people: ${condition}`);
    people.set(
      condition,
      await analyzeDataset(photos, condition, {
        ...common,
        cacheName: `people-${condition}`,
        cleanFaceWidths: widths,
      }),
    );
  }
  const frames = await videoFrames(resolve(values.video));
  if (frames) {
    const ids = frames.map((_, i) => `video/${String(i).padStart(3, '0')}`);
    const byId = new Map(ids.map((id, i) => [id, frames[i] as Uint8Array]));
    log(`  video: ${frames.length} frames`);
    video = await analyzeDataset(ids, 'clean', {
      ...common,
      read: async (id: string) => byId.get(id) as Uint8Array,
      cacheName: 'video-clean',
    });
    // The shot is found by the same rule eval:liveness uses (one face, boxes overlapping).
    const asEvalFrames: EvalFrame[] = ids.map((id) => {
      const a = (video as VariantAnalyses).get(id);
      return { faceCount: a?.faces ?? 0, face: a?.box ? { box: a.box, landmarks: [] } : null };
    });
    shot = longestShot(asEvalFrames, DEFAULT_LIVENESS_CONFIG.continuity.minBoxIou);
    log(`  video: longest one-person shot, frames ${shot[0]}–${shot[1] - 1}`);
  }
} finally {
  await pool.close();
}

const identityOf = (image: string): string => image.split('/')[0] as string;

/** The samples of one condition as a pipeline describes them: enrolment on the clean capture, verification under the condition. */
function samplesFor(pipeline: PipelineId, condition: Condition, withVideo: boolean): VisitSample[] {
  const enrolled = project(people.get('clean') as VariantAnalyses, recipeOf(pipeline, 'enrol'));
  const probed = project(people.get(condition) as VariantAnalyses, recipeOf(pipeline, 'verify'));
  const out: VisitSample[] = photos.map((id) => ({
    id,
    identity: identityOf(id),
    enrolled: enrolled.get(id)?.descriptor ?? null,
    probe: probed.get(id)?.descriptor ?? null,
    metrics: probed.get(id)?.metrics ?? null,
  }));
  if (withVideo && video && shot) {
    const e = project(video, recipeOf(pipeline, 'enrol'));
    const v = project(video, recipeOf(pipeline, 'verify'));
    for (const [id] of video) {
      const frame = Number(id.slice('video/'.length));
      if (frame < shot[0] || frame >= shot[1]) continue;
      out.push({
        id,
        identity: videoIdentity,
        enrolled: e.get(id)?.descriptor ?? null,
        probe: v.get(id)?.descriptor ?? null,
        metrics: v.get(id)?.metrics ?? null,
      });
    }
  }
  return out;
}

interface PairFigures {
  genuine: number;
  impostor: number;
  tar: number;
  far: number;
  falseAccepts: string[];
}

/** Every ordered pair (enrolled sample, probe sample) of different samples, at the rule. */
function pairFigures(
  samples: VisitSample[],
  rule: DecisionRule,
  enrolMetrics: Map<string, VisitSample['metrics']>,
  involves: (a: VisitSample, b: VisitSample) => boolean = () => true,
): PairFigures {
  const scored: (ScoredPair & { name: string })[] = [];
  for (const a of samples) {
    for (const b of samples) {
      if (a === b || !involves(a, b)) continue;
      const pair: ScoredPair & { name: string } = {
        same: a.identity === b.identity,
        fold: 1,
        distance: null,
        name: `${b.id} as ${a.id}`,
      };
      const ma = enrolMetrics.get(a.id);
      if (a.enrolled && b.probe && ma && b.metrics) {
        pair.distance = euclidean(a.enrolled, b.probe);
        pair.threshold = thresholdFor(rule, ma, b.metrics).threshold;
      }
      scored.push(pair);
    }
  }
  const r = ratesAtRule(scored);
  return {
    genuine: r.genuine,
    impostor: r.impostor,
    tar: Number(r.tar.toFixed(4)),
    far: Number(r.far.toFixed(5)),
    falseAccepts: scored
      .filter((p) => !p.same && p.distance !== null && p.distance <= (p.threshold as number))
      .map((p) => p.name),
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const videoInvolved = (t: string, p: string): boolean => t === videoIdentity || p === videoIdentity;
const report: Record<string, unknown> = {};
for (const pipeline of PIPELINE_IDS) {
  const rule = rules[pipeline];
  const cleanMetrics = new Map(samplesFor(pipeline, 'clean', true).map((s) => [s.id, s.metrics]));
  const validation: Record<string, PairFigures> = {};
  const visits: Record<string, VisitFigures> = {};
  const multiFrame: Record<string, Record<string, { frr: number; far: number; falseAccepts: number }>> = {};
  for (const condition of conditions) {
    const samples = samplesFor(pipeline, condition, false);
    validation[`people/${condition}`] = pairFigures(samples, rule, cleanMetrics);
    visits[`people/${condition}`] = simulateVisits(samples, rule, { attempts });
    for (const choice of MULTI_FRAME_CHOICES) {
      const v = simulateVisits(samples, { ...rule, multiFrame: choice }, { attempts });
      (multiFrame[multiFrameName(choice)] ??= {})[condition] = {
        frr: v.frr,
        far: v.far,
        falseAccepts: v.falseAccepts,
      };
    }
  }
  if (video && shot) {
    const samples = samplesFor(pipeline, 'clean', true);
    validation.video = pairFigures(
      samples,
      rule,
      cleanMetrics,
      (a, b) => a.id.startsWith('video/') || b.id.startsWith('video/'),
    );
    visits.video = simulateVisits(samples, rule, { attempts, involves: videoInvolved });
    for (const choice of MULTI_FRAME_CHOICES) {
      const v = simulateVisits(
        samples,
        { ...rule, multiFrame: choice },
        { attempts, involves: videoInvolved },
      );
      (multiFrame[multiFrameName(choice)] ??= {}).video = {
        frr: v.frr,
        far: v.far,
        falseAccepts: v.falseAccepts,
      };
    }
  }
  for (const [name, v] of Object.entries(validation)) {
    log(
      `${pipeline} pairs  ${name.padEnd(14)} TAR ${pct(v.tar)} (${v.genuine} genuine)  FAR ${(v.far * 100).toFixed(3)} % ` +
        `(${v.falseAccepts.length} of ${v.impostor})${v.falseAccepts.length ? `: ${v.falseAccepts.slice(0, 5).join('; ')}` : ''}`,
    );
  }
  for (const [name, v] of Object.entries(visits)) {
    log(
      `${pipeline} visits ${name.padEnd(14)} FRR ${pct(v.frr)} (${v.genuineVisits - v.identified} of ${v.genuineVisits}; by attempt ${v.byAttempt.join('/')})` +
        `  FAR ${pct(v.far)} (${v.falseAccepts} of ${v.impostorVisits})${v.falseAccepts ? `: ${v.falseAcceptedVisits.slice(0, 5).join('; ')}` : ''}`,
    );
  }
  for (const [name, byCondition] of Object.entries(multiFrame)) {
    log(
      `${pipeline} rule ${name.padEnd(12)} ` +
        Object.entries(byCondition)
          .map(([c, f]) => `${c} FRR ${pct(f.frr)} FA ${f.falseAccepts}`)
          .join(' | '),
    );
  }
  report[pipeline] = {
    rule: { threshold: rule.threshold, multiFrame: rule.multiFrame },
    validation,
    visits,
    multiFrame,
  };
}

console.log(
  JSON.stringify({
    attempts,
    photos: photos.length,
    people: new Set(photos.map(identityOf)).size,
    video: video && shot ? { identity: videoIdentity, shot: [shot[0], shot[1] - 1] } : null,
    pipelines: report,
  }),
);
