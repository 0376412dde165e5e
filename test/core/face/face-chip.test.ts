/**
 * The dlib alignment port against chips made by dlib 19.24 itself (test/fixtures/dlib-chips, made
 * once by a C++ program calling get_face_chip_details and extract_image_chip; see its README):
 * same pixels and landmarks in, the same chip out, pixel for pixel. The cases cover plain portraits,
 * a turned face, dlib's image pyramid (faces over twice the chip), a quarter turn and a face cut by
 * the frame's edge.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Point } from '../../../src/shared/face.ts';
import {
  ALIGNMENT_LANDMARKS,
  extractFaceChip,
  FACE_CHIP_PADDING,
  FACE_CHIP_SIZE,
  faceChipDetails,
  meanFacePosition,
} from '../../../src/core/face/face-chip.ts';
import { toInferenceInput, validateFrame } from '../../../src/core/face/frame.ts';
import { PixelCopies } from '../../../src/core/face/pixel-copies.ts';
import { allZero, fixtureFrame } from '../../support/frames.ts';
import { FIXTURES } from '../../support/paths.ts';
import { applyVariant, type PixelVariant } from '../../support/pixel-variants.ts';
import { typedCode } from '../../support/typed-errors.ts';

const DIR = join(FIXTURES, 'dlib-chips');

interface ReferenceCase {
  source: string;
  variant?: PixelVariant;
  width: number;
  height: number;
  inputSha256: string;
  landmarks: [number, number][];
  details: {
    left: number;
    top: number;
    right: number;
    bottom: number;
    angle: number;
    rows: number;
    cols: number;
  };
  chip?: string;
  chipSha256: string;
}

const reference = JSON.parse(readFileSync(join(DIR, 'reference.json'), 'utf8')) as { cases: ReferenceCase[] };
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const caseName = (c: ReferenceCase): string =>
  `${c.source}${c.variant ? ` ${JSON.stringify(c.variant)}` : ''}`;

/** The exact pixels dlib was given: the fixture's inference copy, then the case's variant. */
async function inputOf(
  c: ReferenceCase,
): Promise<{ pixels: Uint8Array; width: number; height: number; landmarks: Point[] }> {
  const input = toInferenceInput(validateFrame(await fixtureFrame(c.source)));
  const landmarks = c.landmarks.map(([x, y]) => ({ x, y }));
  const base = { pixels: Uint8Array.from(input.pixels), width: input.width, height: input.height, landmarks };
  return c.variant ? applyVariant(base, c.variant) : base;
}

describe("dlib's face chip, ported", () => {
  it('has the cases the README describes', () => {
    expect(reference.cases).toHaveLength(11);
    expect(reference.cases.filter((c) => c.chip)).toHaveLength(4);
  });

  it.each(reference.cases.map((c) => [caseName(c), c] as const))(
    '%s: the same chip as dlib',
    async (_name, c) => {
      const input = await inputOf(c);
      // A decoder change would move every pixel: say so rather than blame the port.
      expect([input.width, input.height]).toEqual([c.width, c.height]);
      expect(sha256(input.pixels), 'input pixels differ from the ones dlib was given').toBe(c.inputSha256);

      const details = faceChipDetails(input.landmarks);
      for (const key of ['left', 'top', 'right', 'bottom', 'angle'] as const)
        expect(details[key], key).toBeCloseTo(c.details[key], 9);
      expect([details.rows, details.cols]).toEqual([c.details.rows, c.details.cols]);

      const chip = extractFaceChip(input, details, new PixelCopies());
      const bytes = Uint8Array.from(chip);
      if (c.chip) {
        const { data } = await sharp(readFileSync(join(DIR, c.chip)))
          .raw()
          .toBuffer({ resolveWithObject: true });
        let differing = 0;
        let worst = 0;
        for (let i = 0; i < bytes.length; i += 1) {
          const d = Math.abs((bytes[i] as number) - (data[i] as number));
          if (d > 0) differing += 1;
          worst = Math.max(worst, d);
        }
        expect({ differing, worst }).toEqual({ differing: 0, worst: 0 });
      }
      expect(sha256(bytes)).toBe(c.chipSha256);
    },
  );

  it('finds the similarity exactly: landmarks on the mean face give the identity; moved, its rotation and scale', () => {
    const onTemplate = Array.from(
      { length: 68 },
      (_, i) => (ALIGNMENT_LANDMARKS.includes(i) ? meanFacePosition(i) : { x: 1000 + i, y: -500 }), // unused points don't count
    );
    const identity = faceChipDetails(onTemplate);
    expect(identity.angle).toBeCloseTo(0, 12);
    expect(identity.right - identity.left + 1).toBeCloseTo(FACE_CHIP_SIZE, 9);
    expect((identity.left + identity.right) / 2).toBeCloseTo(FACE_CHIP_SIZE / 2, 9);
    expect(FACE_CHIP_PADDING).toBe(0.25);
    // Rotated by 30° about (40, 60), scaled by 1.7 and shifted: the chip follows exactly.
    const turn = Math.PI / 6;
    const moved = onTemplate.map((p) => {
      const x = p.x - 40;
      const y = p.y - 60;
      return {
        x: 1.7 * (Math.cos(turn) * x - Math.sin(turn) * y) + 300,
        y: 1.7 * (Math.sin(turn) * x + Math.cos(turn) * y) + 200,
      };
    });
    const details = faceChipDetails(moved);
    expect(details.angle).toBeCloseTo(turn, 12);
    expect(details.right - details.left + 1).toBeCloseTo(1.7 * FACE_CHIP_SIZE, 9);
  });

  it('refuses landmarks that are not 68 finite points, with a typed error', () => {
    const points = Array.from({ length: 68 }, (_, i) => ({ x: i, y: i * 1.5 }));
    expect(typedCode(() => faceChipDetails(points.slice(0, 67)))).toBe('INVALID_FRAME');
    expect(
      typedCode(() => faceChipDetails(points.map((p, i) => (i === 40 ? { x: Number.NaN, y: 1 } : p)))),
    ).toBe('INVALID_FRAME');
  });

  it('registers the chip and every pyramid level with the frame’s copies, and all of them are zero after the wipe', async () => {
    // The 2× copy of a portrait: a face over twice the chip, so a pyramid level is made.
    const c = reference.cases.find((r) => r.variant?.kind === 'upscale') as ReferenceCase;
    const input = await inputOf(c);
    const copies = new PixelCopies();
    const chip = extractFaceChip(input, faceChipDetails(input.landmarks), copies);
    expect(allZero(chip)).toBe(false);
    const kinds = copies.list().map((x) => x.kind);
    expect(kinds).toContain('chip');
    // The sub-image, the pyramid's row pass and its level.
    expect(kinds.filter((k) => k === 'chip-source').length).toBeGreaterThanOrEqual(3);
    copies.wipe();
    for (const { kind, data } of copies.list()) expect(allZero(data), kind).toBe(true);
  });
});
