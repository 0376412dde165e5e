/**
 * A template's descriptors as bytes for sealing: float32 little-endian, 128 per descriptor, fixed
 * byte order so a database copied to another machine still opens. The associated data binds the
 * ciphertext to its patient, model and model version.
 */
import { DESCRIPTOR_LENGTH, MAX_TEMPLATE_DESCRIPTORS, type Descriptor } from '../face/descriptor.ts';

const DESCRIPTOR_BYTES = DESCRIPTOR_LENGTH * 4;

export function templateAad(patientId: string, modelId: string, modelVersion: string): Buffer {
  return Buffer.from(JSON.stringify(['tanu/face-template/v1', patientId, modelId, modelVersion]), 'utf8');
}

export function encodeDescriptors(descriptors: readonly Descriptor[]): Buffer {
  const out = Buffer.alloc(descriptors.length * DESCRIPTOR_BYTES);
  descriptors.forEach((d, j) => {
    for (let i = 0; i < DESCRIPTOR_LENGTH; i += 1)
      out.writeFloatLE(d[i] as number, j * DESCRIPTOR_BYTES + i * 4);
  });
  return out;
}

/** Null when the length is not 1..10 whole descriptors (which authenticated data never is). */
export function decodeDescriptors(bytes: Buffer): Descriptor[] | null {
  const count = bytes.length / DESCRIPTOR_BYTES;
  if (!Number.isInteger(count) || count < 1 || count > MAX_TEMPLATE_DESCRIPTORS) return null;
  return Array.from({ length: count }, (_, j) => {
    const d = new Float32Array(DESCRIPTOR_LENGTH);
    for (let i = 0; i < DESCRIPTOR_LENGTH; i += 1) d[i] = bytes.readFloatLE(j * DESCRIPTOR_BYTES + i * 4);
    return d;
  });
}
