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
import { ENGINE_ANALYZE_OPTIONS, type AnalyzeOptions } from '../src/core/face/face-analyzer.ts';
import { verify } from '../src/core/face/matcher.ts';

const [file, personsJson, roundsArg] = process.argv.slice(2) as [string, string, string];
const persons = JSON.parse(personsJson) as string[];
const rounds = Number(roundsArg);
const FRAME_BYTES = 640 * 480 * 3;
const fd = openSync(file, 'r');
const service = createEngineService();
let nextId = 1;
async function call(body: EngineRequestBody): Promise<EngineResult> {
  const { response } = await service({ ...body, id: nextId++ } as Parameters<typeof service>[0]);
  if (!response.ok) throw new Error(`${response.code}: ${response.message}`);
  return response.result;
}
/** Reads frame i into a fresh buffer, as a camera hands the engine a new frame each time, and analyses it. */
async function analyzeFrame(i: number, options: AnalyzeOptions = {}): Promise<FrameAnalysis> {
  const buffer = new ArrayBuffer(FRAME_BYTES);
  readSync(fd, new Uint8Array(buffer), 0, FRAME_BYTES, i * FRAME_BYTES);
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
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const init = await call({ type: 'init', modelsDir: join(root, 'models') });
if (init.type !== 'init') throw new Error('unexpected reply');
const modelLoadMs = performance.now() - started;
const { backend } = init.info;
const describeOptions = { ...ENGINE_ANALYZE_OPTIONS, descriptor: true };

// Templates from each person's first photo; the warm-up keeps first-call compilation out of the figures.
const templates = new Map<string, number[][]>();
for (let i = 0; i < persons.length; i += 1) {
  const person = persons[i] as string;
  if (templates.has(person)) continue;
  const analysis = await analyzeFrame(i, describeOptions);
  if (analysis.descriptor) templates.set(person, [analysis.descriptor]);
}
for (let i = 0; i < Math.min(3, persons.length); i += 1) await analyzeFrame(i);

const gate: number[] = [];
const verifyTimes: number[] = [];
const singleFrame = { ...rule, multiFrame: { frames: 1, agree: 1, meanMustMatch: true } };
for (let round = 0; round < rounds; round += 1) {
  for (let i = 0; i < persons.length; i += 1) {
    let t = performance.now();
    await analyzeFrame(i);
    gate.push(performance.now() - t);
    t = performance.now();
    const analysis = await analyzeFrame(i, describeOptions);
    const template = templates.get(persons[i] as string);
    if (analysis.descriptor && template) {
      verify(
        { modelId: rule.modelId, descriptors: template },
        [{ descriptor: analysis.descriptor, quality: analysis.quality }],
        singleFrame,
      );
    }
    verifyTimes.push(performance.now() - t);
    samplePeak();
  }
}
console.log(
  JSON.stringify({
    backend,
    modelLoadMs,
    gate,
    verify: verifyTimes,
    peakRssBytes: peakRssBytes(),
  }),
);
