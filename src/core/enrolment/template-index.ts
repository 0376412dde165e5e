/**
 * The in-memory index for the 1:N duplicate check at enrolment: one row per enrolled patient, the
 * mean of their template's descriptors (the same mean the matcher's decision uses), in one
 * Float32Array matrix searched by brute force. At 100,000 patients that is 51 MB and one pass over
 * 12.8 M floats, well within the enrolment budget, with no approximate-search library to trust.
 * Decrypted data lives only here, in this process's memory.
 */
import { DESCRIPTOR_LENGTH, type Descriptor } from '../face/descriptor.ts';

export interface Nearest {
  patientId: string;
  distance: number;
}

const D = DESCRIPTOR_LENGTH;

export function meanOf(descriptors: readonly ArrayLike<number>[]): Float32Array {
  const mean = new Float32Array(D);
  for (const d of descriptors)
    for (let i = 0; i < D; i += 1) mean[i] = (mean[i] as number) + (d[i] as number);
  for (let i = 0; i < D; i += 1) mean[i] = (mean[i] as number) / descriptors.length;
  return mean;
}

export class TemplateIndex {
  #matrix: Float32Array;
  #owners: string[] = [];
  #rowOf = new Map<string, number>();

  constructor(initialCapacity = 1024) {
    this.#matrix = new Float32Array(Math.max(1, initialCapacity) * D);
  }

  get size(): number {
    return this.#owners.length;
  }

  has(patientId: string): boolean {
    return this.#rowOf.has(patientId);
  }

  /** Adds or replaces the patient's row with the mean of these descriptors. */
  set(patientId: string, descriptors: readonly Descriptor[]): void {
    let row = this.#rowOf.get(patientId);
    if (row === undefined) {
      row = this.#owners.length;
      if ((row + 1) * D > this.#matrix.length) {
        const grown = new Float32Array(this.#matrix.length * 2);
        grown.set(this.#matrix);
        this.#matrix.fill(0);
        this.#matrix = grown;
      }
      this.#owners.push(patientId);
      this.#rowOf.set(patientId, row);
    }
    this.#matrix.set(meanOf(descriptors), row * D);
  }

  /** Removes the patient's row (consent withdrawn): the last row moves into its place, the freed row is zeroed. */
  remove(patientId: string): void {
    const row = this.#rowOf.get(patientId);
    if (row === undefined) return;
    const last = this.#owners.length - 1;
    if (row !== last) {
      const moved = this.#owners[last] as string;
      this.#matrix.copyWithin(row * D, last * D, (last + 1) * D);
      this.#owners[row] = moved;
      this.#rowOf.set(moved, row);
    }
    this.#matrix.fill(0, last * D, (last + 1) * D);
    this.#owners.pop();
    this.#rowOf.delete(patientId);
  }

  /** The nearest enrolled patient other than `excludePatientId` (re-enrolment of the same person), or null. */
  nearest(probe: ArrayLike<number>, excludePatientId?: string): Nearest | null {
    const q = Float64Array.from({ length: D }, (_, i) => probe[i] as number);
    const skip = excludePatientId === undefined ? -1 : (this.#rowOf.get(excludePatientId) ?? -1);
    let best = Number.POSITIVE_INFINITY;
    let bestRow = -1;
    const n = this.#owners.length;
    for (let r = 0; r < n; r += 1) {
      if (r === skip) continue;
      const s = squaredDistance(q, this.#matrix, r * D);
      if (s < best) {
        best = s;
        bestRow = r;
      }
    }
    return bestRow < 0 ? null : { patientId: this.#owners[bestRow] as string, distance: Math.sqrt(best) };
  }

  /**
   * The distance from the probe to each of these patients' rows (null: no row): the check of a
   * pulled template against the few this desk enrolled itself, without a pass over everyone.
   */
  distancesTo(probe: ArrayLike<number>, patientIds: readonly string[]): (number | null)[] {
    const q = Float64Array.from({ length: D }, (_, i) => probe[i] as number);
    return patientIds.map((id) => {
      const row = this.#rowOf.get(id);
      return row === undefined ? null : Math.sqrt(squaredDistance(q, this.#matrix, row * D));
    });
  }
}

/** Squared Euclidean distance from `q` to the row of `m` starting at `off`. */
function squaredDistance(q: Float64Array, m: Float32Array, off: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  // Four independent sums: the loop is bound by dependent additions, not by loads.
  for (let i = 0; i < D; i += 4) {
    const d0 = (q[i] as number) - (m[off + i] as number);
    const d1 = (q[i + 1] as number) - (m[off + i + 1] as number);
    const d2 = (q[i + 2] as number) - (m[off + i + 2] as number);
    const d3 = (q[i + 3] as number) - (m[off + i + 3] as number);
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  return s0 + s1 + s2 + s3;
}
