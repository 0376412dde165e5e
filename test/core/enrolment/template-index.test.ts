/** The in-memory 1:N index against a plain reference search, and its dedup benchmark. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { euclidean } from '../../../src/core/face/descriptor.ts';
import { dedupMs } from '../../../src/core/evaluation/dedup-bench.ts';
import { meanOf, TemplateIndex } from '../../../src/core/enrolment/template-index.ts';
import { descriptorArb } from '../../support/descriptors.ts';

type Op = { kind: 'set'; id: number; descriptors: Float32Array[] } | { kind: 'remove'; id: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      id: fc.integer({ min: 0, max: 12 }),
      descriptors: fc.array(descriptorArb, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 12 }) }),
  },
);

describe('TemplateIndex', () => {
  it('finds the same nearest other patient as a plain search, through adds, replacements and removals', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        descriptorArb,
        fc.integer({ min: 0, max: 12 }),
        (ops, probe, exclude) => {
          const index = new TemplateIndex(2); // tiny, so the matrix has to grow
          const reference = new Map<string, Float32Array>();
          for (const o of ops) {
            if (o.kind === 'set') {
              index.set(`p${o.id}`, o.descriptors);
              reference.set(`p${o.id}`, meanOf(o.descriptors));
            } else {
              index.remove(`p${o.id}`);
              reference.delete(`p${o.id}`);
            }
          }
          expect(index.size).toBe(reference.size);
          let best: { patientId: string; distance: number } | null = null;
          for (const [patientId, mean] of reference) {
            if (patientId === `p${exclude}`) continue;
            const distance = euclidean(mean, probe);
            if (best === null || distance < best.distance) best = { patientId, distance };
          }
          const found = index.nearest(probe, `p${exclude}`);
          if (best === null) expect(found).toBeNull();
          else {
            expect(found?.distance).toBeCloseTo(best.distance, 5);
            // Ties aside, the same patient.
            if (found?.patientId !== best.patientId) {
              expect(euclidean(reference.get(found?.patientId as string) as Float32Array, probe)).toBeCloseTo(
                best.distance,
                5,
              );
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('dedupMs times a 1:N search per index size', () => {
    const result = dedupMs([1000, 20_000], { repeats: 3 });
    expect(Object.keys(result)).toEqual(['1000', '20000']);
    expect(result['1000']).toBeGreaterThanOrEqual(0);
    expect(result['20000']).toBeGreaterThan(0);
  });
});
