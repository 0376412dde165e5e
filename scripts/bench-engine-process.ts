/**
 * The engine side of `npm run bench`: node scripts/bench-engine-process.ts FRAMES.raw PERSONS_JSON ROUNDS
 *
 * A process of its own that serves the engine on its main thread, as the app's engine
 * utilityProcess does (engine-service.ts behind a message port), so its peak RSS is the engine's
 * alone. Frames are 640×480 RGB, back to back, read one at a time as a camera hands them over.
 * Prints one JSON line with the raw timings.
 */
import { openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrameAnalysis } from '../src/shared/face.ts';
import { loadDecisionRule } from '../src/core/face/decision-rule-file.ts';
import type { EngineRequestBody, EngineResult } from '../src/core/face/engine-protocol.ts';
import { createEngineService } from '../src/core/face/engine-service.ts';
import { extractFaceChip, faceChipDetails } from '../src/core/face/face-chip.ts';
import { ENGINE_ANALYZE_OPTIONS, type AnalyzeOptions } from '../src/core/face/face-analyzer.ts';
import { verify } from '../src/core/face/matcher.ts';
import { PixelCopies } from '../src/core/face/pixel-copies.ts';
import { PIPELINE_IDS, type PipelineId } from '../src/core/face/pipelines.ts';

const [file, personsJson, roundsArg] = process.argv.slice(2) as [string, string, string];
const persons = JSON.parse(personsJson) as string[];
const rounds = Number(roundsArg);
const FRAME_BYTES = 640 * 480 * 3;
const fd = openSync(file, 'r');
// A process of its own, as the app's engine utilityProcess (src/main/engine/engine-process.ts).
const service = createEngineService({ ownProcess: true });
let nextId = 1;
async function call(body: EngineRequestBody): Promise<EngineResult> {
  const { response } = await service({ ...body, id: nextId++ } as Parameters<typeof service>[0]);
  if (!response.ok) throw new Error(`${response.code}: ${response.message}`);
  return response.result;
}
function readFrame(i: number): ArrayBuffer {
  const buffer = new ArrayBuffer(FRAME_BYTES);
  readSync(fd, new Uint8Array(buffer), 0, FRAME_BYTES, i * FRAME_BYTES);
  return buffer;
}

/** Reads frame i into a fresh buffer, as a camera hands the engine a new frame each time, and analyses it. */
async function analyzeFrame(i: number, options: AnalyzeOptions = {}): Promise<FrameAnalysis> {
  const buffer = readFrame(i);
  const result = await call({
    type: 'analyze',
    frame: { buffer, width: 640, height: 480, format: 'rgb' },
    options,
  });
  if (result.type !== 'analyze') throw new Error('unexpected reply');
  return result.analysis;
}

/**
 * This process's own peak RSS. Not resourceUsage().maxRSS: on Linux that high-water mark is
 * inherited from the parent at fork, so it would report the benchmark driver's memory (all photos
 * decoded). VmHWM belongs to this process's address space, created fresh at exec; elsewhere the
 * largest RSS sampled after each frame stands in.
 */
let sampledPeak = 0;
function samplePeak(): void {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
}
function peakRssBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux.
  }
  return sampledPeak;
}

const rule = loadDecisionRule();
/** The pipeline templates were made with before the current one, timed for comparison. */
const LEGACY = PIPELINE_IDS[0] as PipelineId;
const legacyRule = loadDecisionRule(undefined, LEGACY);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const init = await call({ type: 'init', modelsDir: join(root, 'models') });
if (init.type !== 'init') throw new Error('unexpected reply');
const modelLoadMs = performance.now() - started;
const { backend } = init.info;
const describeOptions = { ...ENGINE_ANALYZE_OPTIONS, descriptor: true };
const legacyOptions: AnalyzeOptions = { descriptor: true, pipeline: LEGACY };

// Templates from each person's first photo, in both pipelines; the warm-up keeps first-call
// compilation out of the figures.
const templates = new Map<string, number[][]>();
const legacyTemplates = new Map<string, number[][]>();
for (let i = 0; i < persons.length; i += 1) {
  const person = persons[i] as string;
  if (templates.has(person)) continue;
  const analysis = await analyzeFrame(i, { ...describeOptions, purpose: 'enrol' });
  if (analysis.descriptor) templates.set(person, [analysis.descriptor]);
  const legacy = await analyzeFrame(i, { ...legacyOptions, purpose: 'enrol' });
  if (legacy.descriptor) legacyTemplates.set(person, [legacy.descriptor]);
}
for (let i = 0; i < Math.min(3, persons.length); i += 1) await analyzeFrame(i);

/** Detect + landmarks + descriptor + a single-frame match, in one pipeline. */
async function timeVerify(i: number, options: AnalyzeOptions, tpl: Map<string, number[][]>, r: typeof rule) {
  const t = performance.now();
  const analysis = await analyzeFrame(i, options);
  const template = tpl.get(persons[i] as string);
  if (analysis.descriptor && template) {
    verify(
      { modelId: r.modelId, descriptors: template },
      [{ descriptor: analysis.descriptor, quality: analysis.quality }],
      { ...r, multiFrame: { frames: 1, agree: 1, meanMustMatch: true } },
    );
  }
  return { ms: performance.now() - t, analysis };
}

/** dlib's alignment alone (transform + 150×150 chip from the 640×480 frame), as the engine runs it. */
function timeAlignment(i: number, landmarks: { x: number; y: number }[]): number {
  const bytes = new Uint8Array(readFrame(i));
  const pixels = Int32Array.from(bytes);
  bytes.fill(0);
  const copies = new PixelCopies();
  copies.take(pixels, 'inference');
  const t = performance.now();
  extractFaceChip({ pixels, width: 640, height: 480 }, faceChipDetails(landmarks), copies);
  const ms = performance.now() - t;
  copies.wipe();
  return ms;
}

const gate: number[] = [];
const verifyTimes: number[] = [];
const verifyLegacy: number[] = [];
const align: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  for (let i = 0; i < persons.length; i += 1) {
    const t = performance.now();
    await analyzeFrame(i);
    gate.push(performance.now() - t);
    const current = await timeVerify(i, describeOptions, templates, rule);
    verifyTimes.push(current.ms);
    verifyLegacy.push((await timeVerify(i, legacyOptions, legacyTemplates, legacyRule)).ms);
    const face = current.analysis.faces[current.analysis.primary];
    if (face) align.push(timeAlignment(i, face.landmarks));
    samplePeak();
  }
}
console.log(
  JSON.stringify({
    backend,
    modelLoadMs,
    gate,
    verify: verifyTimes,
    verifyLegacy,
    align,
    peakRssBytes: peakRssBytes(),
  }),
);
