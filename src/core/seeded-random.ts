/**
 * A small reproducible random generator (mulberry32) for benchmarks and synthetic test data: the
 * same seed gives the same sequence on every machine, so figures can be repeated.
 */
import { createHash } from 'node:crypto';

export function seededRandom(seed: string | number): () => number {
  let state =
    typeof seed === 'number' ? seed >>> 0 : createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
