/**
 * Verification on the 19 people of ../shared/data/faces/people (web and press photos, 2–8 each):
 * every photo against every enrolled person, single frame, with the shipped decision rule.
 * Skipped loudly when ../shared is absent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualityMetrics } from '../../../src/shared/face.ts';
import { thresholdFor } from '../../../src/core/face/decision-rule.ts';
import { loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';
import { euclidean, validateDescriptor } from '../../../src/core/face/descriptor.ts';
import { ENGINE_ANALYZE_OPTIONS } from '../../../src/core/face/face-analyzer.ts';
import { FaceEnginePool } from '../../../src/core/face/face-engine-pool.ts';
import { decodeImage } from '../../../src/core/face/image-decode.ts';
import { MODELS_DIR, SHARED, sharedAvailable } from '../../support/paths.ts';

const available = sharedAvailable('faces/people');
const rule = loadDecisionRule();

interface Photo {
  person: string;
  file: string;
  descriptor: Float32Array | null;
  metrics: QualityMetrics | null;
}

describe.skipIf(!available)('people data set (../shared)', () => {
  let pool: FaceEnginePool;
  const photos: Photo[] = [];

  beforeAll(async () => {
    pool = await FaceEnginePool.start(2, { modelsDir: MODELS_DIR });
    const root = join(SHARED, 'faces', 'people');
    const jobs: Promise<void>[] = [];
    for (const person of readdirSync(root).sort()) {
      for (const file of readdirSync(join(root, person)).sort()) {
        jobs.push(
          (async () => {
            const frame = await decodeImage(readFileSync(join(root, person, file)), {
              fitInside: { width: 640, height: 480 },
            });
            const { analysis } = await pool.analyze(frame, { ...ENGINE_ANALYZE_OPTIONS, descriptor: true });
            photos.push({
              person,
              file,
              descriptor: analysis.descriptor ? validateDescriptor(analysis.descriptor) : null,
              metrics: analysis.primary >= 0 ? analysis.quality.metrics : null,
            });
          })(),
        );
      }
    }
    await Promise.all(jobs);
    photos.sort((a, b) => (a.person + a.file).localeCompare(b.person + b.file));
  });
  afterAll(() => pool?.close());

  it('finds a face in nearly every photo', () => {
    const missed = photos.filter((p) => !p.descriptor).map((p) => `${p.person}/${p.file}`);
    console.log(`people: ${photos.length} photos, no face found in ${missed.length}: ${missed.join(', ')}`);
    expect(missed.length).toBeLessThanOrEqual(Math.ceil(photos.length * 0.05));
  });

  it('never accepts one person as another, and accepts most photos of the enrolled person', () => {
    const enrolled = new Map<string, Photo>();
    for (const p of photos) if (p.descriptor && !enrolled.has(p.person)) enrolled.set(p.person, p);
    let genuine = 0;
    let accepted = 0;
    const falseAccepts: string[] = [];
    let impostor = 0;
    for (const [person, reference] of enrolled) {
      for (const probe of photos) {
        if (probe === reference) continue;
        const ok =
          !!probe.descriptor &&
          euclidean(reference.descriptor as Float32Array, probe.descriptor) <=
            thresholdFor(rule, reference.metrics as QualityMetrics, probe.metrics as QualityMetrics)
              .threshold;
        if (probe.person === person) {
          genuine += 1;
          if (ok) accepted += 1;
        } else {
          impostor += 1;
          if (ok) falseAccepts.push(`${probe.person}/${probe.file} as ${person}`);
        }
      }
    }
    console.log(
      `people: TAR ${accepted}/${genuine}, false accepts ${falseAccepts.length}/${impostor} ${falseAccepts.join('; ')}`,
    );
    expect(falseAccepts).toEqual([]);
    // Single frames of press photos (pose, lighting, years apart) at a threshold calibrated for FAR ≤ 0.1 %: 41 of 58 measured.
    expect(accepted / genuine).toBeGreaterThanOrEqual(0.65);
  });
});
