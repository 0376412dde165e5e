/**
 * Speed of the enrolment duplicate check: builds indexes of N synthetic unit-length templates and
 * times one 1:N search against each. For `npm run bench` (its `dedupMs` key); pure CPU, no files.
 */
import { DESCRIPTOR_LENGTH } from '../face/descriptor.ts';
import { seededRandom } from '../seeded-random.ts';
import { TemplateIndex } from '../enrolment/template-index.ts';

function unitDescriptor(random: () => number): Float32Array {
  const v = new Float32Array(DESCRIPTOR_LENGTH);
  let norm = 0;
  for (let i = 0; i < DESCRIPTOR_LENGTH; i += 1) {
    const x = random() * 2 - 1;
    v[i] = x;
    norm += x * x;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < DESCRIPTOR_LENGTH; i += 1) v[i] = (v[i] as number) * scale;
  return v;
}

export interface DedupBenchOptions {
  /** Searches timed per size; the median is reported (the first, untimed, warms the JIT). */
  repeats?: number;
  seed?: number;
}

/** Milliseconds for one 1:N duplicate search, per index size: `{ "10000": 3.1, "100000": 31.4 }`. */
export function dedupMs(
  sizes: readonly number[] = [10_000, 100_000],
  options: DedupBenchOptions = {},
): Record<string, number> {
  const random = seededRandom(options.seed ?? 1);
  const repeats = Math.max(1, options.repeats ?? 5);
  const out: Record<string, number> = {};
  for (const n of sizes) {
    const index = new TemplateIndex(n);
    for (let i = 0; i < n; i += 1) index.set(`p${i}`, [unitDescriptor(random)]);
    const probe = unitDescriptor(random);
    index.nearest(probe);
    const times: number[] = [];
    for (let r = 0; r < repeats; r += 1) {
      const started = performance.now();
      index.nearest(probe, 'p0');
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    out[String(n)] = Math.round((times[Math.floor(times.length / 2)] as number) * 10) / 10;
  }
  return out;
}
