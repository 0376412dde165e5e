/**
 * Degraded copies of benchmark photos, made at evaluation time, that imitate what a cheap desk
 * webcam gives: a face far from the lens, a greyscale sensor, sensor noise, heavy JPEG and dim
 * light. Every degradation is deterministic per image (seeded by its path), so a run can be
 * repeated figure for figure.
 */
import sharp, { type Sharp } from 'sharp';
import type { RawFrame } from '../../shared/face.ts';
import { seededRandom } from '../seeded-random.ts';

export const CONDITIONS = ['clean', 'webcam', 'lowres', 'grey', 'dim', 'noise', 'jpeg'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const CONDITION_NOTES: Record<Condition, string> = {
  clean: 'the photo as it is',
  lowres: 'downscaled so the face is 60–90 px wide, in a 640×480 frame',
  grey: 'greyscale',
  noise: 'Gaussian sensor noise, sigma 8–16',
  jpeg: 'JPEG quality 8–15',
  dim: 'exposure ×0.25–0.4 with a little noise',
  webcam: 'all of the above at once: a far face, greyscale, noise, JPEG, dim light',
};

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

async function toRaw(image: Sharp): Promise<Raw> {
  const { data, info } = await image
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function fromRaw(raw: Raw): Sharp {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } });
}

function addNoise(raw: Raw, sigma: number, random: () => number): void {
  for (let i = 0; i < raw.data.length; i += 1) {
    raw.data[i] = Math.max(0, Math.min(255, Math.round((raw.data[i] as number) + sigma * gaussian(random))));
  }
}

function toGrey(raw: Raw): void {
  for (let i = 0; i < raw.data.length; i += 3) {
    const y = Math.round(
      0.299 * (raw.data[i] as number) +
        0.587 * (raw.data[i + 1] as number) +
        0.114 * (raw.data[i + 2] as number),
    );
    raw.data[i] = y;
    raw.data[i + 1] = y;
    raw.data[i + 2] = y;
  }
}

function dim(raw: Raw, gain: number): void {
  for (let i = 0; i < raw.data.length; i += 1) raw.data[i] = Math.round((raw.data[i] as number) * gain);
}

/** Shrinks the photo so its face is 60–90 px wide and places it in a 640×480 frame, as a far face on a webcam. */
async function farFace(raw: Raw, faceWidthPx: number, random: () => number): Promise<Raw> {
  const target = 60 + 30 * random();
  const scale = Math.min(1, target / Math.max(1, faceWidthPx));
  const width = Math.max(16, Math.round(raw.width * scale));
  const height = Math.max(16, Math.round(raw.height * scale));
  const small = await fromRaw(raw).resize(width, height, { kernel: 'lanczos3' }).raw().toBuffer();
  const padX = Math.max(0, 640 - width);
  const padY = Math.max(0, 480 - height);
  const left = Math.floor(padX * random());
  const top = Math.floor(padY * random());
  // Edge replication, not mirroring: a mirrored border would add faces.
  return toRaw(
    sharp(small, { raw: { width, height, channels: 3 } }).extend({
      left,
      right: padX - left,
      top,
      bottom: padY - top,
      extendWith: 'copy',
    }),
  );
}

async function jpeg(raw: Raw, quality: number): Promise<Raw> {
  const encoded = await fromRaw(raw).jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
  return toRaw(sharp(encoded));
}

/**
 * @param faceWidthPx the face width measured on the clean photo (for `lowres` and `webcam`)
 */
export async function degrade(
  bytes: Uint8Array,
  condition: Condition,
  seed: string,
  faceWidthPx: number,
): Promise<RawFrame> {
  const random = seededRandom(`${condition}:${seed}`);
  let raw = await toRaw(sharp(bytes).rotate());
  switch (condition) {
    case 'clean':
      break;
    case 'lowres':
      raw = await farFace(raw, faceWidthPx, random);
      break;
    case 'grey':
      toGrey(raw);
      break;
    case 'noise':
      addNoise(raw, 8 + 8 * random(), random);
      break;
    case 'jpeg':
      raw = await jpeg(raw, 8 + Math.floor(8 * random()));
      break;
    case 'dim':
      dim(raw, 0.25 + 0.15 * random());
      addNoise(raw, 3, random);
      break;
    case 'webcam':
      raw = await farFace(raw, faceWidthPx, random);
      toGrey(raw);
      dim(raw, 0.3 + 0.2 * random());
      addNoise(raw, 6 + 6 * random(), random);
      raw = await jpeg(raw, 20 + Math.floor(20 * random()));
      break;
  }
  return {
    data: new Uint8Array(raw.data.buffer, raw.data.byteOffset, raw.data.length),
    width: raw.width,
    height: raw.height,
    format: 'rgb',
  };
}
