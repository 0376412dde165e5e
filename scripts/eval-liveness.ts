/**
 * npm run eval:liveness -- [--attack-runs N] [--genuine-runs N] [--people N] [--video FILE]
 *                          [--video-seconds S] [--workers N] [--seed S]
 *
 * APCER over randomised held-up-photo attacks built from the PAD frames and a few people photos,
 * BPCER over random challenges on a real video. Progress goes to stderr; the last line of stdout
 * is one JSON object with `apcer`, `bpcer`, `runs` and the breakdowns.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RawFrame } from '../src/shared/face.ts';
import type { FrameAnalysis } from '../src/shared/face.ts';
import { ENGINE_ANALYZE_OPTIONS } from '../src/core/face/face-analyzer.ts';
import { FaceEnginePool } from '../src/core/face/face-engine-pool.ts';
import { decodeImage } from '../src/core/face/image-decode.ts';
import { DEFAULT_LIVENESS_CONFIG } from '../src/core/liveness/config.ts';
import {
  evaluateAttacks,
  evaluateGenuine,
  type AttackSource,
  type EvalFrame,
  type GenuineReport,
} from '../src/core/liveness/evaluate-liveness.ts';
import { seededRandom } from '../src/core/seeded-random.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'data');
const { values } = parseArgs({
  options: {
    'attack-runs': { type: 'string', default: '200' },
    'genuine-runs': { type: 'string', default: '200' },
    people: { type: 'string', default: '5' },
    video: { type: 'string', default: join(shared, 'video', 'short_hamilton_clip.mp4') },
    /** Decode only the first S seconds (tests keep the engine pass short). */
    'video-seconds': { type: 'string' },
    workers: { type: 'string', default: String(Math.max(1, availableParallelism())) },
    seed: { type: 'string', default: 'tanu-liveness' },
  },
});
const int = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a non-negative integer, not ${v}`);
  return n;
};
const attackRuns = int('attack-runs', values['attack-runs']);
const genuineRuns = int('genuine-runs', values['genuine-runs']);
const peopleCount = int('people', values.people);
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const config = DEFAULT_LIVENESS_CONFIG;
const options = { descriptor: true, ...ENGINE_ANALYZE_OPTIONS };

function toFrame(a: FrameAnalysis): EvalFrame {
  const primary = a.faces[a.primary];
  if (!primary) return { face: null, faceCount: a.faces.length };
  const face = {
    box: primary.box,
    landmarks: primary.landmarks,
    ...(a.descriptor ? { descriptor: a.descriptor } : {}),
  };
  return { face, faceCount: a.faces.length };
}

/** The attack photos: every PAD still (a bona-fide still held up is an attack too) and a few people. */
function attackFiles(): { name: string; path: string }[] {
  const files: { name: string; path: string }[] = [];
  const pad = join(shared, 'pad', 'frames');
  for (const kind of ['print_attack', 'replay_attack', 'bona_fide']) {
    const dir = join(pad, kind);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) files.push({ name: `${kind}/${f}`, path: join(dir, f) });
  }
  const people = join(shared, 'faces', 'people');
  if (existsSync(people)) {
    for (const person of readdirSync(people).sort().slice(0, peopleCount)) {
      const first = readdirSync(join(people, person)).sort()[0];
      if (first) files.push({ name: `people/${person}/${first}`, path: join(people, person, first) });
    }
  }
  return files;
}

/** Decodes the clip at EVAL_FPS, 640 px wide, as raw RGB frames; undefined when ffmpeg is missing. */
async function decodeVideo(file: string, seconds: string | undefined): Promise<RawFrame[] | undefined> {
  if (spawnSync('ffmpeg', ['-version']).error) return undefined;
  const args = ['-v', 'error', '-i', file];
  if (seconds) args.push('-t', seconds);
  args.push('-vf', 'fps=10,scale=640:-2', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-');
  const probe = spawnSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    file,
  ]);
  const [w, h] = probe.stdout.toString().trim().split(',').map(Number) as [number, number];
  const width = 640;
  // scale=640:-2 keeps the aspect ratio and rounds the height to an even number.
  const height = Math.round((h * width) / w / 2) * 2;
  const chunks: Buffer[] = [];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`ffmpeg exited with ${code} on ${file}`);
  const all = Buffer.concat(chunks);
  const size = width * height * 3;
  const frames: RawFrame[] = [];
  for (let off = 0; off + size <= all.length; off += size) {
    frames.push({ data: new Uint8Array(all.subarray(off, off + size)), width, height, format: 'rgb' });
  }
  return frames;
}

const pool = await FaceEnginePool.start(int('workers', values.workers), { modelsDir: join(root, 'models') });
const sources: AttackSource[] = [];
let videoFrames: EvalFrame[] | undefined;
try {
  for (const file of attackFiles()) {
    const frame = await decodeImage(readFileSync(file.path), { fitInside: { width: 640, height: 480 } });
    const f = toFrame((await pool.analyze(frame, options)).analysis);
    if (!f.face) {
      log(`  ${file.name}: no face found, not used as an attack source`);
      continue;
    }
    sources.push({ name: file.name, face: f.face, faceCount: f.faceCount });
    log(`  ${file.name}: face ${Math.round(f.face.box.width)} px wide`);
  }
  const video = resolve(values.video);
  if (genuineRuns > 0 && existsSync(video)) {
    const raw = await decodeVideo(video, values['video-seconds']);
    if (!raw) {
      log(
        '\n!!! SKIPPING GENUINE: ffmpeg is not on PATH, so the video cannot be decoded; bpcer is null. !!!\n',
      );
    } else {
      log(`  ${video}: ${raw.length} frames at 10 fps, analysing…`);
      videoFrames = await Promise.all(
        raw.map(async (f) => toFrame((await pool.analyze(f, options)).analysis)),
      );
    }
  } else if (genuineRuns > 0) {
    log(`\n!!! SKIPPING GENUINE: ${video} is not present; bpcer is null. !!!\n`);
  }
} finally {
  await pool.close();
}

const attacks = evaluateAttacks(sources, config, attackRuns, seededRandom(`${values.seed}:attack`));
log(
  `attacks: ${attacks.passes} of ${attacks.runs} held-up photo runs passed (APCER ${(attacks.apcer * 100).toFixed(2)} %), ` +
    `failures ${JSON.stringify(attacks.reasons)}`,
);
let genuine: GenuineReport | undefined;
if (videoFrames) {
  genuine = evaluateGenuine(videoFrames, config, genuineRuns, seededRandom(`${values.seed}:genuine`));
  log(
    `genuine: ${genuine.passes} of ${genuine.runs} random challenges passed on ${genuine.frames} frames ` +
      `(BPCER ${(genuine.bpcer * 100).toFixed(1)} %), failures ${JSON.stringify(genuine.reasons)}`,
  );
  log(`  single-action pass share over start offsets: ${JSON.stringify(genuine.actionCoverage)}`);
  log(
    `  clip: ${genuine.clip.framesNotOneFace} frames without exactly one face, ${genuine.clip.faceSwitches} cuts to another face`,
  );
}

const limits = genuine
  ? 'The clip shows people talking, not following prompts: a challenge passes only when the actions it ' +
    'asks for happen to occur in order after the start offset. actionCoverage gives, per action, the share ' +
    'of start offsets from which the clip performs it; an action near 0 rejects every challenge that asks ' +
    `for it. The clip (${genuine.frames} frames) is also shorter than a full challenge window ` +
    `(${(config.actionsPerChallenge * config.actionTimeoutMs) / 1000} s), so late starts end undecided ('stream_ended'). ` +
    `It also has ${genuine.clip.framesNotOneFace} frames without exactly one face and ${genuine.clip.faceSwitches} cuts ` +
    "to another face, which the session rightly rejects ('multiple_faces', 'face_changed'). " +
    'This BPCER is a pessimistic bound, not the rate of a patient who follows the prompts.'
  : 'genuine part skipped (no video or no ffmpeg)';
console.log(
  JSON.stringify({
    apcer: attacks.apcer,
    bpcer: genuine ? genuine.bpcer : null,
    runs: attacks.runs + (genuine?.runs ?? 0),
    attack: {
      method:
        'engine run once per photo; landmarks and box moved by a 2-D similarity (±6 px, ±4°, ±4 %) plus ±1 px noise per point at 10 fps, which is what a flat photo held up to a camera produces',
      runs: attacks.runs,
      passes: attacks.passes,
      apcer: attacks.apcer,
      reasons: attacks.reasons,
      bySource: attacks.bySource,
    },
    genuine: genuine ? { ...genuine, limits } : { skipped: true, limits },
    config,
  }),
);
