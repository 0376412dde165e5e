/**
 * The face-api weights Tanu runs, and their integrity check.
 *
 * A swapped recognition model could make every face "match", so the engine only ever loads
 * bytes whose SHA-256 equals models/manifest.json, and the manifest itself is pinned below:
 * editing both the weights and the manifest still fails.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaceEngineError } from '../../shared/errors.ts';

/** SHA-256 of models/manifest.json. Regenerate with `node scripts/install-models.ts --write-manifest`. */
export const MANIFEST_SHA256 = '85cf7da03271aac6e2d49697d2a23297d5fec5fa0d89f56c5c65f4f0d3c68fda';

/**
 * The nets the engine loads. The manifest also lists SSD MobileNet v1, installed only so that
 * `npm run bench` can time plain face-api's default pipeline against ours.
 */
export const MODEL_NETS = [
  'tiny_face_detector_model',
  'face_landmark_68_model',
  'face_recognition_model',
] as const;
/** Every net installed into models/. */
export const INSTALLED_NETS = [...MODEL_NETS, 'ssd_mobilenetv1_model'] as const;
export type ModelNet = (typeof INSTALLED_NETS)[number];

export interface ModelManifest {
  /** Identifies the recognition model a template was made with; stored next to every template. */
  modelId: string;
  source: string;
  files: Record<string, { sha256: string; bytes: number }>;
}

export interface VerifiedNet {
  /** The tfjs weights manifest (JSON) of this net. */
  weightSpecs: unknown;
  /** The weights, exactly the verified bytes. */
  weights: Uint8Array;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function netFiles(net: ModelNet): [string, string] {
  return [`${net}-weights_manifest.json`, `${net}.bin`];
}

function readOrFail(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new FaceEngineError(
      'MODEL_MISSING',
      `Model file ${what} is missing from ${path}. Run "npm ci" (it installs the models) and try again.`,
    );
  }
}

export function parseManifest(bytes: Uint8Array, pinned: string = MANIFEST_SHA256): ModelManifest {
  if (sha256(bytes) !== pinned) {
    throw new FaceEngineError(
      'MODEL_TAMPERED',
      'models/manifest.json does not match the manifest this build was released with; refusing to start.',
    );
  }
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as ModelManifest;
}

/**
 * Reads every model file once, checks it against the manifest and returns the verified bytes, so
 * nothing is re-read from disk between the check and the load.
 */
export function readVerifiedModels(
  dir: string,
  pinned: string = MANIFEST_SHA256,
): { manifest: ModelManifest; nets: Record<(typeof MODEL_NETS)[number], VerifiedNet> } {
  const manifest = parseManifest(readOrFail(join(dir, 'manifest.json'), 'manifest.json'), pinned);
  const nets = {} as Record<(typeof MODEL_NETS)[number], VerifiedNet>;
  for (const net of MODEL_NETS) {
    const loaded: Uint8Array[] = [];
    for (const file of netFiles(net)) {
      const expected = manifest.files[file];
      if (!expected) {
        throw new FaceEngineError('MODEL_TAMPERED', `models/manifest.json does not list ${file}.`);
      }
      const bytes = readOrFail(join(dir, file), file);
      if (bytes.length !== expected.bytes || sha256(bytes) !== expected.sha256) {
        throw new FaceEngineError(
          'MODEL_TAMPERED',
          `Model file ${file} in ${dir} differs from its manifest entry (SHA-256 mismatch); refusing to start. Reinstall with "npm ci".`,
        );
      }
      loaded.push(bytes);
    }
    const [specBytes, weights] = loaded as [Uint8Array, Uint8Array];
    nets[net] = { weightSpecs: JSON.parse(Buffer.from(specBytes).toString('utf8')), weights };
  }
  return { manifest, nets };
}
