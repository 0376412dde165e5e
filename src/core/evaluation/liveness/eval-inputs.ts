/**
 * The liveness evaluation's inputs (`npm run eval:liveness`): the attack stills, the video's frames,
 * a hand's movements of a held-up photo, mirrored frames for a turn the other way, and the NUAA
 * crops' passive ratios. Research code: nothing here runs at the desk.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawFrame } from '../../../shared/face.ts';
import { measureFaceTexture } from '../../liveness/passive-texture.ts';
import { decodeBmpGrey } from './bmp-grey.ts';
import { NEUTRAL_POSE, type PhotoPose } from './photo-warp.ts';

/** A frame mirrored left to right (a real head turn the other way). */
export function mirror(frame: RawFrame): RawFrame {
  const ch = frame.format === 'rgba' ? 4 : 3;
  const { width, height } = frame;
  const out = new Uint8Array(frame.data.length);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = (y * width + (width - 1 - x)) * ch;
      const to = (y * width + x) * ch;
      for (let c = 0; c < ch; c += 1) out[to + c] = frame.data[from + c] as number;
    }
  }
  return { ...frame, data: out };
}

/** A folder's entries, sorted; none when it is absent. */
export const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** The attack photos: every PAD still (a bona-fide still held up is an attack too) and the first photo of `peopleCount` people. */
export function attackFiles(shared: string, peopleCount: number): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  for (const kind of ['print_attack', 'replay_attack', 'bona_fide']) {
    const dir = join(shared, 'pad', 'frames', kind);
    for (const f of files(dir)) out.push({ name: `${kind}/${f}`, path: join(dir, f) });
  }
  const people = join(shared, 'faces', 'people');
  for (const person of files(people).slice(0, peopleCount)) {
    const first = files(join(people, person))[0];
    if (first) out.push({ name: `people/${person}/${first}`, path: join(people, person, first) });
  }
  return out;
}

/** Decodes the clip at 10 fps, 640 px wide, as raw RGB frames; undefined when ffmpeg is missing. */
export async function decodeVideo(
  file: string,
  seconds: string | undefined,
): Promise<RawFrame[] | undefined> {
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

/**
 * Four hand movements of one still, `n` frames each at 10 fps: a sway around the still's pose;
 * the photo's plane tilted about its vertical axis out to ±(25–40)° and back (what an attacker
 * does when asked to turn); and about its horizontal axis out to 55–70° and back (what squashes
 * the eyes most when asked to blink); each with small sway, lighting change and sensor noise.
 */
export function handPoses(
  n: number,
  random: () => number,
): Record<'sway' | 'tiltPositive' | 'tiltNegative' | 'pitch', PhotoPose[]> {
  const u = (max: number): number => (random() * 2 - 1) * max;
  const swayPose = (i: number, phase: number): PhotoPose => ({
    ...NEUTRAL_POSE,
    tiltYDeg: 4 * Math.sin(phase + i / 3),
    tiltXDeg: 4 * Math.sin(phase * 2 + i / 4),
    rollDeg: 3 * Math.sin(phase + i / 5),
    scale: 1 + 0.04 * Math.sin(phase * 3 + i / 4),
    dx: 8 * Math.sin(phase + i / 3.5),
    dy: 6 * Math.sin(phase * 1.7 + i / 4.5),
    gain: 1 + u(0.12),
    noise: 2,
  });
  const phase = random() * 2 * Math.PI;
  const sway = Array.from({ length: n }, (_, i) => swayPose(i, phase));
  const tilt = (sign: number): PhotoPose[] => {
    const peak = 25 + random() * 15;
    return Array.from({ length: n }, (_, i) => ({
      ...swayPose(i, phase),
      tiltYDeg: sign * peak * Math.sin((Math.PI * (i + 1)) / (n + 1)),
    }));
  };
  const pitchPeak = (random() < 0.5 ? -1 : 1) * (55 + random() * 15);
  const pitch = Array.from({ length: n }, (_, i) => ({
    ...swayPose(i, phase),
    tiltXDeg: pitchPeak * Math.sin((Math.PI * (i + 1)) / (n + 1)),
  }));
  return { sway, tiltPositive: tilt(1), tiltNegative: tilt(-1), pitch };
}

/** The passive ratio of every NUAA crop (64×64 grey, the whole image is the face), by kind and subject. */
export function readNuaaRatios(nuaa: string): Record<'real' | 'spoof', { subject: string; ratio: number }[]> {
  const out: Record<'real' | 'spoof', { subject: string; ratio: number }[]> = { real: [], spoof: [] };
  for (const kind of ['real', 'spoof'] as const) {
    for (const subject of files(join(nuaa, kind))) {
      for (const f of files(join(nuaa, kind, subject))) {
        const grey = decodeBmpGrey(readFileSync(join(nuaa, kind, subject, f)));
        out[kind].push({
          subject,
          ratio: measureFaceTexture(grey, { x: 0, y: 0, width: grey.width, height: grey.height }),
        });
      }
    }
  }
  return out;
}
