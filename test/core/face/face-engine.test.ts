/**
 * The engine behind its worker thread: frames cross as transferred buffers and come back zeroed,
 * typed errors cross the boundary, and a crashed worker is replaced.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawFrame } from '../../../src/shared/face.ts';
import { FaceEngine } from '../../../src/core/face/face-engine.ts';
import sharpLib from 'sharp';
import { DEFAULT_LIVENESS_CONFIG } from '../../../src/core/liveness/config.ts';
import { allZero, fixtureBytes, fixtureFrame, frameFrom } from '../../support/frames.ts';
import { MODELS_DIR } from '../../support/paths.ts';
import { typedRejection } from '../../support/typed-errors.ts';

describe('FaceEngine (worker thread)', () => {
  let engine: FaceEngine;
  const restarts: string[] = [];

  beforeAll(async () => {
    engine = await FaceEngine.start({ modelsDir: MODELS_DIR, onRestart: (reason) => restarts.push(reason) });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('analyses off-thread, leaves no pixels in the caller and returns the buffer zeroed', async () => {
    const frame = await fixtureFrame('obama/obama.jpg');
    const original = frame.data;
    const { tensors: baseline } = await engine.stats();
    const { analysis, buffer } = await engine.analyze(frame, { descriptor: true });
    expect(analysis.faces).toHaveLength(1);
    expect(analysis.descriptor).toHaveLength(128);
    expect(analysis.quality.ok).toBe(true);
    // The caller's copy is gone (transferred, or zeroed when it was a view of a larger buffer).
    expect(original.byteLength === 0 || allZero(original)).toBe(true);
    // What came back is the frame's buffer, all zeros.
    expect(buffer.byteLength).toBe(frame.width * frame.height * 3);
    expect(allZero(new Uint8Array(buffer))).toBe(true);
    expect((await engine.stats()).tensors).toBe(baseline);
  });

  it('measures the passive texture of the face: a sharp portrait above the liveness minimum, a blurred recapture below', async () => {
    const minimum = DEFAULT_LIVENESS_CONFIG.passive.minFineDetailRatio;
    const sharp = (await engine.analyze(await fixtureFrame('obama/obama.jpg'), {})).analysis;
    expect(sharp.texture).toBeGreaterThan(minimum);
    // What a webcam sees of a print held at the desk: the same face, its fine detail smeared.
    const blurred = await frameFrom(sharpLib(fixtureBytes('obama/obama.jpg')).resize({ width: 640 }).blur(3));
    const recapture = (await engine.analyze(blurred, {})).analysis;
    expect(recapture.faces).toHaveLength(1);
    expect(recapture.texture).toBeLessThan(minimum);
  });

  it('carries typed errors across the thread boundary and wipes the rejected frame', async () => {
    const frame = await fixtureFrame('obama/obama.jpg');
    const truncated: RawFrame = { ...frame, data: frame.data.subarray(0, frame.data.length - 10) };
    expect(await typedRejection(engine.analyze(truncated))).toBe('INVALID_FRAME');
    expect(allZero(truncated.data)).toBe(true);
  });

  it('restarts the worker after it dies and keeps serving', async () => {
    const pending = engine.analyze(await fixtureFrame('obama/obama.jpg'), { descriptor: true });
    await engine.killWorkerForTest();
    const code = await typedRejection(pending);
    expect(['ENGINE_CRASHED', 'no error']).toContain(code);
    const { analysis } = await engine.analyze(await fixtureFrame('biden/biden2.jpg'), { descriptor: true });
    expect(analysis.descriptor).toHaveLength(128);
    expect(restarts.length).toBeGreaterThan(0);
  });
});

describe('model integrity', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tanu-models-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function freshCopy(): string {
    const copy = mkdtempSync(join(dir, 'm-'));
    cpSync(MODELS_DIR, copy, { recursive: true });
    return copy;
  }

  it('refuses to start when one byte of the recognition model is altered', async () => {
    const copy = freshCopy();
    const file = join(copy, 'face_recognition_model.bin');
    const bytes = readFileSync(file);
    bytes[1234] = (bytes[1234] ?? 0) ^ 0x01;
    writeFileSync(file, bytes);
    const started = FaceEngine.start({ modelsDir: copy });
    expect(await typedRejection(started)).toBe('MODEL_TAMPERED');
  });

  it('refuses to start when a model file is missing', async () => {
    const copy = freshCopy();
    unlinkSync(join(copy, 'face_landmark_68_model.bin'));
    expect(await typedRejection(FaceEngine.start({ modelsDir: copy }))).toBe('MODEL_MISSING');
  });

  it('refuses a manifest rewritten to bless other weights', async () => {
    const copy = freshCopy();
    const manifestFile = join(copy, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      files: Record<string, { sha256: string }>;
    };
    const entry = manifest.files['face_recognition_model.bin'];
    if (entry) entry.sha256 = '0'.repeat(64);
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    expect(await typedRejection(FaceEngine.start({ modelsDir: copy }))).toBe('MODEL_TAMPERED');
  });
});
