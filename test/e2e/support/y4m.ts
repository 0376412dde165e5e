/**
 * Webcam input for Chromium's fake capture device (--use-file-for-fake-video-capture): .y4m files
 * made at test time by ffmpeg from real photos, letterboxed into 640×480 like a desk webcam's
 * picture. Chromium plays the file at its frame rate and loops it.
 *
 * Files are cached by content (photo bytes or frame pixels, and the options) in one temp folder
 * and written atomically, so parallel test files share them and a stale file is never served.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FFMPEG = '/usr/bin/ffmpeg';
export const WEBCAM_WIDTH = 640;
export const WEBCAM_HEIGHT = 480;
const CACHE_DIR = join(tmpdir(), 'tanu-e2e-y4m');

/** One 640×480 RGB frame of a sequence, shown for `repeat` frames. */
export interface SequenceFrame {
  rgb: Uint8Array;
  repeat: number;
}

const LETTERBOX = `scale=${WEBCAM_WIDTH}:${WEBCAM_HEIGHT}:force_original_aspect_ratio=decrease,pad=${WEBCAM_WIDTH}:${WEBCAM_HEIGHT}:(ow-iw)/2:(oh-ih)/2`;

/** Runs ffmpeg, feeding `input` to its stdin; resolves with what it wrote to stdout. */
function runFfmpeg(args: string[], input?: readonly Uint8Array[]): Promise<Buffer> {
  return new Promise((done, fail) => {
    const child = spawn(FFMPEG, ['-v', 'error', '-y', ...args], {
      stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0
        ? done(Buffer.concat(stdout))
        : fail(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`)),
    );
    if (input && child.stdin) {
      child.stdin.on('error', () => undefined); // a failing ffmpeg closes its stdin; 'close' reports it
      for (const chunk of input) child.stdin.write(chunk);
      child.stdin.end();
    }
  });
}

/** Makes `name` in the cache with `make(tmpPath)` unless it is there already; returns its path. */
async function cached(key: string, make: (path: string) => Promise<unknown>): Promise<string> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, `${key}.y4m`);
  if (existsSync(path)) return path;
  const partial = `${path}.${process.pid}.${Date.now()}.part`;
  try {
    await make(partial);
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
  return path;
}

function keyOf(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 24);
}

/** A still photo as a looping webcam clip: `-loop 1` over `seconds`, letterboxed to 640×480. */
export function photoY4m(
  photoPath: string,
  options: { seconds?: number; fps?: number } = {},
): Promise<string> {
  const seconds = options.seconds ?? 2;
  const fps = options.fps ?? 10;
  const key = keyOf('photo', readFileSync(photoPath), String(seconds), String(fps));
  return cached(key, (out) =>
    runFfmpeg([
      '-loop',
      '1',
      '-framerate',
      String(fps),
      '-i',
      photoPath,
      '-t',
      String(seconds),
      '-vf',
      LETTERBOX,
      '-pix_fmt',
      'yuv420p',
      '-f',
      'yuv4mpegpipe',
      out,
    ]),
  );
}

/** A clip from a sequence of 640×480 RGB frames (a head turn, say), each held `repeat` frames. */
export function sequenceY4m(
  frames: readonly SequenceFrame[],
  options: { fps?: number } = {},
): Promise<string> {
  const fps = options.fps ?? 10;
  for (const frame of frames) {
    if (frame.rgb.length !== WEBCAM_WIDTH * WEBCAM_HEIGHT * 3) throw new RangeError('frames are 640×480 RGB');
  }
  const key = keyOf('sequence', String(fps), ...frames.flatMap((f) => [String(f.repeat), f.rgb]));
  const chunks = frames.flatMap((f) => Array.from({ length: f.repeat }, () => f.rgb));
  return cached(key, (out) =>
    runFfmpeg(
      [
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        '-s',
        `${WEBCAM_WIDTH}x${WEBCAM_HEIGHT}`,
        '-r',
        String(fps),
        '-i',
        'pipe:0',
        '-pix_fmt',
        'yuv420p',
        '-f',
        'yuv4mpegpipe',
        out,
      ],
      chunks,
    ),
  );
}

/**
 * A photo letterboxed into a 640×480 RGB frame by ffmpeg, the same way photoY4m frames it, after
 * an optional extra ffmpeg filter (a perspective warp, a shift) on the framed picture.
 */
export async function letterboxedRgb(photoPath: string, extraFilter?: string): Promise<Uint8Array> {
  const filter = extraFilter ? `${LETTERBOX},${extraFilter}` : LETTERBOX;
  const rgb = await runFfmpeg([
    '-i',
    photoPath,
    '-vf',
    filter,
    '-pix_fmt',
    'rgb24',
    '-f',
    'rawvideo',
    'pipe:1',
  ]);
  if (rgb.length !== WEBCAM_WIDTH * WEBCAM_HEIGHT * 3) throw new Error(`ffmpeg gave ${rgb.length} bytes`);
  return new Uint8Array(rgb);
}
