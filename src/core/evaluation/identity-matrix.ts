/**
 * The analysed photos of a data set whose folders are identities, as the pair counters read them:
 * every descriptor packed in one flat array (row i at i × 128), in a stable order by image name,
 * with each row's identity (its folder). Photos without a face are left out.
 */
import { DESCRIPTOR_LENGTH } from '../face/descriptor.ts';
import type { Analyses } from './run-evaluation.ts';

export interface IdentityMatrix {
  n: number;
  matrix: Float32Array;
  identity: string[];
}

export function identityMatrix(analyses: Analyses): IdentityMatrix {
  const entries = [...analyses]
    .filter(([, a]) => a.descriptor !== null)
    .sort(([x], [y]) => x.localeCompare(y));
  const matrix = new Float32Array(entries.length * DESCRIPTOR_LENGTH);
  entries.forEach(([, a], i) => matrix.set(a.descriptor as number[], i * DESCRIPTOR_LENGTH));
  return { n: entries.length, matrix, identity: entries.map(([image]) => image.split('/')[0] ?? image) };
}
