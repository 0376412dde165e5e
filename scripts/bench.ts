/**
 * npm run bench [-- --people DIR] [--rounds N]
 *
 * Speed and memory of the face engine on real photos scaled to 640×480 webcam frames: model load,
 * live gate (detect + landmarks + quality) and full verification (detect + landmarks + descriptor
 * + match) through the engine worker, against plain face-api
 * detectSingleFace().withFaceLandmarks().withFaceDescriptor() in the same run.
 * Also times the enrolment duplicate check (one 1:N search over 10,000 and 100,000 templates).
 * Verification is timed in the current descriptor pipeline (`verifyMs`, what `ratio` compares) and in
 * the legacy one (`verifyLegacyMs`); `alignMs` is dlib's alignment alone (transform and chip).
 * Last line: one JSON object (backend, modelLoadMs, gateMs, verifyMs, referenceMs, ratio, rssMB,
 * dedupMs, verifyLegacyMs, alignMs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { RawFrame } from '../src/shared/face.ts';
import { dedupMs } from '../src/core/evaluation/dedup-bench.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    people: { type: 'string', default: join(root, '..', 'shared', 'data', 'faces', 'people') },
    rounds: { type: 'string', default: '2' },
  },
});
const log = (line: string): void => void process.stderr.write(`${line}\n`);

let peopleDir = values.people;
if (!existsSync(peopleDir)) {
  log(
    `!!! ${peopleDir} is absent: benchmarking on the committed fixtures only (figures are not comparable). !!!`,
  );
  peopleDir = join(root, 'test', 'fixtures', 'faces');
}

/** Every photo as an exact 640×480 frame (letterboxed in grey, as a webcam frame is never cropped to the face). */
async function webcamFrame(file: string): Promise<RawFrame> {
  const { data, info } = await sharp(readFileSync(file))
    .rotate()
    .resize(640, 480, { fit: 'contain', background: { r: 128, g: 128, b: 128 } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, format: 'rgb' };
}

const people = readdirSync(peopleDir)
  .filter((p) => !p.startsWith('.'))
  .sort();
const photos: { person: string; file: string }[] = [];
for (const person of people) {
  for (const f of readdirSync(join(peopleDir, person)).sort()) {
    if (/\.(jpe?g|png|webp)$/i.test(f)) photos.push({ person, file: join(peopleDir, person, f) });
  }
}
const frames = await Promise.all(photos.map(async (p) => ({ ...p, frame: await webcamFrame(p.file) })));
log(`${frames.length} photos of ${people.length} people at 640×480`);

function percentiles(xs: number[]): { p50: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number =>
    s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? Number.NaN;
  return { p50: Number(at(0.5).toFixed(1)), p95: Number(at(0.95).toFixed(1)) };
}

// --- the engine, in a child process of its own -----------------------------------------------
// The child reads raw 640×480 frames from a file (as the app's engine host receives them from the
// camera), so its peak RSS is the engine's alone: no image decoder, no frames held in advance.
const rawFile = join(mkdtempSync(join(tmpdir(), 'tanu-bench-')), 'frames.raw');
writeFileSync(rawFile, Buffer.concat(frames.map((f) => Uint8Array.from(f.frame.data))));
const child = spawnSync(
  process.execPath,
  [
    join(root, 'scripts', 'bench-engine-process.ts'),
    rawFile,
    JSON.stringify(frames.map((f) => f.person)),
    values.rounds,
  ],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 },
);
rmSync(dirname(rawFile), { recursive: true, force: true });
if (child.status !== 0) throw new Error(`the engine benchmark process failed (${String(child.status)})`);
const engineRun = JSON.parse(child.stdout.trim().split('\n').pop() as string) as {
  backend: string;
  modelLoadMs: number;
  gate: number[];
  verify: number[];
  verifyLegacy: number[];
  align: number[];
  peakRssBytes: number;
};

// --- the reference: plain face-api, same backend, same frames ------------------------------
const require = createRequire(import.meta.url);
const faceapi =
  require('@vladmandic/face-api/dist/face-api.node-wasm.js') as typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js');
const tf = require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
await tf.setBackend('wasm');
await tf.ready();
const modelDir = join(root, 'models');
await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
const reference: number[] = [];
type FaTensor = Parameters<typeof faceapi.detectSingleFace>[0];
for (let round = -1; round < Number(values.rounds); round += 1) {
  for (const { frame } of round < 0 ? frames.slice(0, 3) : frames) {
    const t = performance.now();
    const tensor = tf.tensor3d(Int32Array.from(frame.data), [frame.height, frame.width, 3], 'int32');
    await faceapi
      .detectSingleFace(tensor as unknown as FaTensor)
      .withFaceLandmarks()
      .withFaceDescriptor();
    tensor.dispose();
    if (round >= 0) reference.push(performance.now() - t);
  }
}

// --- the enrolment duplicate check: one 1:N search over synthetic templates --------------------
const dedup = dedupMs([10_000, 100_000]);

const result = {
  backend: engineRun.backend,
  frames: frames.length * Number(values.rounds),
  modelLoadMs: Number(engineRun.modelLoadMs.toFixed(0)),
  gateMs: percentiles(engineRun.gate),
  verifyMs: percentiles(engineRun.verify),
  referenceMs: percentiles(reference),
  ratio: 0,
  rssMB: Number((engineRun.peakRssBytes / 2 ** 20).toFixed(0)),
  dedupMs: dedup,
  verifyLegacyMs: percentiles(engineRun.verifyLegacy),
  alignMs: percentiles(engineRun.align),
};
result.ratio = Number((result.verifyMs.p50 / result.referenceMs.p50).toFixed(3));
log(
  `model load ${result.modelLoadMs} ms; gate p50 ${result.gateMs.p50} ms p95 ${result.gateMs.p95} ms; ` +
    `verify p50 ${result.verifyMs.p50} ms p95 ${result.verifyMs.p95} ms; reference p50 ${result.referenceMs.p50} ms; ` +
    `ratio ${result.ratio}; engine process peak RSS ${result.rssMB} MB; legacy pipeline verify p50 ${result.verifyLegacyMs.p50} ms; ` +
    `alignment p50 ${result.alignMs.p50} ms p95 ${result.alignMs.p95} ms`,
);
console.log(JSON.stringify(result));
