/**
 * The face engine proper: face-api on the tfjs wasm backend, in whatever thread calls it (the
 * engine worker in the app; tests may call it directly). Every analysis consumes its frame: the
 * caller's pixel buffer, every copy made here and the input tensor are zeroed or disposed before
 * the call returns, success or failure.
 */
import { createRequire } from 'node:module';
import { FaceEngineError } from '../../shared/errors.ts';
import type { Box, DetectedFace, FrameAnalysis, Point, RawFrame } from '../../shared/face.ts';
import { measureFaceRegion } from './face-region-stats.ts';
import { toInferenceInput, validateFrame, type InferenceInput } from './frame.ts';
import { estimateHeadPose } from './head-pose.ts';
import { measureFaceTexture } from '../liveness/passive-texture.ts';
import { readVerifiedModels, type ModelManifest, type VerifiedNet } from './model-files.ts';
import { DEFAULT_QUALITY_GATE, evaluateQuality, type QualityGateConfig } from './quality-gate.ts';

type FaceApi = typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js');
// face-api's node-wasm build requires this very @tensorflow/tfjs module; its type declarations
// carry their own copy of the tfjs types, so tensors are cast once at the boundary (asFaceApi).
type Tf = typeof import('@tensorflow/tfjs');
type Tensor3D = import('@tensorflow/tfjs').Tensor3D;
type Tensor = import('@tensorflow/tfjs').Tensor;
type NamedTensorMap = import('@tensorflow/tfjs').NamedTensorMap;
type FaceApiTensor3D = Parameters<FaceApi['extractFaceTensors']>[0] & { rank: 3 };
type FaceApiWeightMap = Parameters<FaceApi['nets']['faceRecognitionNet']['loadFromWeightMap']>[0];

const asFaceApi = (t: Tensor3D): FaceApiTensor3D => t as unknown as FaceApiTensor3D;
const fromFaceApi = (t: unknown): Tensor3D => t as Tensor3D;

const require = createRequire(import.meta.url);

/** Bumped whenever the analysis changes its output for the same pixels (invalidates evaluation caches). */
export const ANALYZER_PIPELINE = 'tanu-face-2026.11.2';

/** One pass of face-api's tiny face detector (Tiny YOLO v2) at an input size and minimum score. */
export interface DetectorSpec {
  kind: 'tiny';
  inputSize: number;
  minScore: number;
}

/**
 * Live guidance runs the tiny detector at 320 px, and at 416 px when that finds nothing. Verification tries it at three input sizes
 * before it gives up, because a face that is not found is a false reject: on the 866 LFW photos
 * where tiny@416/0.5 found nothing, tiny@320/0.3 found 819, tiny@224/0.3 826 and the three sizes
 * together 856, more than SSD MobileNet (744) did, at a fraction of its memory (README, "Speed").
 */
export const LIVE_DETECTORS: DetectorSpec[] = [
  { kind: 'tiny', inputSize: 320, minScore: 0.3 },
  // A far face (under ~90 px in a 640 px frame) is too small at 320: look again so the patient is told "move closer", not "no face".
  { kind: 'tiny', inputSize: 416, minScore: 0.3 },
];
export const VERIFY_DETECTORS: DetectorSpec[] = [
  { kind: 'tiny', inputSize: 320, minScore: 0.3 },
  { kind: 'tiny', inputSize: 224, minScore: 0.3 },
  { kind: 'tiny', inputSize: 416, minScore: 0.3 },
];

export interface AnalyzeOptions {
  /** Compute the 128-d descriptor of the primary face (verification, enrolment). */
  descriptor?: boolean;
  /** Detector cascade; defaults to VERIFY_DETECTORS when a descriptor is asked for, else LIVE_DETECTORS. */
  detectors?: DetectorSpec[];
  /** Average the descriptor of the face and of its mirror image (test-time augmentation). */
  mirrorAverage?: boolean;
}

/**
 * How the product describes a face. Averaging the descriptor of the face and its mirror image
 * lowered the EER on LFW folds 1–2 from 7.3 % to 6.2 % and raised TAR at FAR 1 % from 84.5 % to
 * 87.3 %, for one more pass of the recognition net (README, "Accuracy").
 */
export const ENGINE_ANALYZE_OPTIONS: AnalyzeOptions = { mirrorAverage: true };

export interface FaceAnalyzerOptions {
  modelsDir: string;
  /** Override of the pinned manifest hash, for tests only. */
  pinnedManifestSha256?: string;
  qualityGate?: QualityGateConfig;
}

export interface EngineInfo {
  backend: string;
  modelId: string;
  modelLoadMs: number;
}

let loaded: { faceapi: FaceApi; tf: Tf } | undefined;

async function initBackend(): Promise<{ faceapi: FaceApi; tf: Tf }> {
  if (loaded) return loaded;
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  const tf = require('@tensorflow/tfjs') as Tf;
  // wasm runs on every x86 CPU (no AVX needed, unlike tfjs-node); cpu is the last resort, 30× slower.
  if (!(await tf.setBackend('wasm').catch(() => false))) {
    await tf.setBackend('cpu');
  }
  await tf.ready();
  loaded = { faceapi, tf };
  return loaded;
}

function weightMap(tf: Tf, net: VerifiedNet): FaceApiWeightMap {
  const groups = net.weightSpecs as { weights: import('@tensorflow/tfjs').io.WeightsManifestEntry[] }[];
  const specs = groups.flatMap((g) => g.weights);
  const bytes = net.weights;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const map: NamedTensorMap = tf.io.decodeWeights(buffer, specs);
  return map as unknown as FaceApiWeightMap;
}

/** Zeroes the tensor's copy in wasm memory before freeing it, so no pixels linger in the heap. */
export function wipeTensor(tf: Tf, tensor: Tensor): void {
  const backend = tf.backend() as { typedArrayFromHeap?: (t: Tensor) => { fill(v: number): unknown } };
  if (typeof backend.typedArrayFromHeap === 'function' && !tensor.isDisposed) {
    backend.typedArrayFromHeap(tensor).fill(0);
  }
  tensor.dispose();
}

function scaleBox(box: Box, k: number): Box {
  return { x: box.x * k, y: box.y * k, width: box.width * k, height: box.height * k };
}

export class FaceAnalyzer {
  readonly info: EngineInfo;
  readonly manifest: ModelManifest;
  private readonly faceapi: FaceApi;
  private readonly tf: Tf;
  private readonly gate: QualityGateConfig;

  private constructor(
    faceapi: FaceApi,
    tf: Tf,
    manifest: ModelManifest,
    info: EngineInfo,
    gate: QualityGateConfig,
  ) {
    this.faceapi = faceapi;
    this.tf = tf;
    this.manifest = manifest;
    this.info = info;
    this.gate = gate;
  }

  /** Verifies every model file against the pinned manifest, then loads the nets. */
  static async create(options: FaceAnalyzerOptions): Promise<FaceAnalyzer> {
    const started = performance.now();
    const { manifest, nets } = readVerifiedModels(options.modelsDir, options.pinnedManifestSha256);
    const { faceapi, tf } = await initBackend();
    if (!faceapi.nets.faceRecognitionNet.isLoaded) {
      faceapi.nets.tinyFaceDetector.loadFromWeightMap(weightMap(tf, nets.tiny_face_detector_model));
      faceapi.nets.faceLandmark68Net.loadFromWeightMap(weightMap(tf, nets.face_landmark_68_model));
      faceapi.nets.faceRecognitionNet.loadFromWeightMap(weightMap(tf, nets.face_recognition_model));
    }
    const info = {
      backend: tf.getBackend(),
      modelId: manifest.modelId,
      modelLoadMs: performance.now() - started,
    };
    return new FaceAnalyzer(faceapi, tf, manifest, info, options.qualityGate ?? DEFAULT_QUALITY_GATE);
  }

  /** Live tensors held by tfjs; back to its baseline after every analysis (tested). */
  tensorCount(): number {
    return this.tf.memory().numTensors;
  }

  /**
   * Finds faces, measures quality and, when asked, describes the primary (largest) face.
   * Consumes the frame: `frame.data` is all zeros when this returns or throws.
   */
  async analyze(frame: RawFrame, options: AnalyzeOptions = {}): Promise<FrameAnalysis> {
    let input: InferenceInput | undefined;
    let tensor: Tensor3D | undefined;
    try {
      const valid = validateFrame(frame);
      input = toInferenceInput(valid);
      tensor = this.tf.tensor3d(input.pixels, [input.height, input.width, 3], 'int32');
      return await this.run(tensor, input, valid, options);
    } finally {
      if (tensor) wipeTensor(this.tf, tensor);
      input?.pixels.fill(0);
      if (frame && (frame.data instanceof Uint8Array || frame.data instanceof Uint8ClampedArray))
        frame.data.fill(0);
    }
  }

  private async detect(tensor: Tensor3D, detectors: DetectorSpec[]) {
    const faceapi = this.faceapi;
    for (const spec of detectors) {
      const options = new faceapi.TinyFaceDetectorOptions({
        inputSize: spec.inputSize,
        scoreThreshold: spec.minScore,
      });
      const found = await faceapi.detectAllFaces(asFaceApi(tensor), options).withFaceLandmarks();
      if (found.length > 0) return { found, detector: `${spec.kind}@${spec.inputSize}` };
    }
    return { found: [], detector: undefined };
  }

  private async run(
    tensor: Tensor3D,
    input: InferenceInput,
    frame: RawFrame,
    options: AnalyzeOptions,
  ): Promise<FrameAnalysis> {
    const detectors = options.detectors ?? (options.descriptor ? VERIFY_DETECTORS : LIVE_DETECTORS);
    const { found, detector } = await this.detect(tensor, detectors);
    const back = 1 / input.scale;
    const faces: DetectedFace[] = found.map((f) => {
      const landmarks: Point[] = f.landmarks.positions.map((p) => ({ x: p.x * back, y: p.y * back }));
      return {
        box: scaleBox(f.detection.box, back),
        score: f.detection.score,
        landmarks,
        pose: estimateHeadPose(landmarks),
      };
    });
    let primary = -1;
    let largest = 0;
    faces.forEach((f, i) => {
      const area = f.box.width * f.box.height;
      if (area > largest) {
        largest = area;
        primary = i;
      }
    });
    const face = faces[primary];
    const inferenceBox = found[primary]?.detection.box;
    const stats = inferenceBox
      ? measureFaceRegion(input.pixels, input.width, input.height, inferenceBox)
      : { brightness: 0, colourfulness: 0, sharpness: 0 };
    const margin = face ? face.box.width * this.gate.edgeMargin : 0;
    const inFrame =
      !!face &&
      face.box.x >= -margin &&
      face.box.y >= -margin &&
      face.box.x + face.box.width <= frame.width + margin &&
      face.box.y + face.box.height <= frame.height + margin;
    const quality = evaluateQuality(
      {
        metrics: {
          faceCount: faces.length,
          faceWidthPx: face ? face.box.width : 0,
          ...stats,
          yaw: face ? face.pose.yaw : 0,
          pitch: face ? face.pose.pitch : 0,
        },
        inFrame,
      },
      this.gate,
    );
    const analysis: FrameAnalysis = { width: frame.width, height: frame.height, faces, primary, quality };
    if (detector) analysis.detector = detector;
    if (inferenceBox) {
      // On the inference copy (≤ 640 px, as a webcam frame), before it is wiped.
      const texture = measureFaceTexture(
        { data: input.pixels, width: input.width, height: input.height, format: 'rgb' },
        inferenceBox,
      );
      if (Number.isFinite(texture)) analysis.texture = texture;
    }
    const primaryFound = found[primary];
    if (options.descriptor && primaryFound) {
      analysis.descriptor = await this.describe(
        tensor,
        primaryFound.alignedRect.box,
        options.mirrorAverage ?? false,
      );
    }
    return analysis;
  }

  private async describe(tensor: Tensor3D, alignedBox: Box, mirrorAverage: boolean): Promise<number[]> {
    const faceapi = this.faceapi;
    const tf = this.tf;
    const [faceCrop] = await faceapi.extractFaceTensors(asFaceApi(tensor), [
      new faceapi.Rect(alignedBox.x, alignedBox.y, alignedBox.width, alignedBox.height),
    ]);
    const crop = faceCrop ? fromFaceApi(faceCrop) : undefined;
    if (!crop) throw new FaceEngineError('INVALID_FRAME', 'The face could not be cropped from the frame.');
    let mirrored: Tensor3D | undefined;
    try {
      const plain = (await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(
        asFaceApi(crop),
      )) as Float32Array;
      if (!mirrorAverage) return Array.from(plain);
      mirrored = tf.reverse(crop, 1);
      const flipped = (await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(
        asFaceApi(mirrored),
      )) as Float32Array;
      return Array.from(plain, (v, i) => (v + (flipped[i] as number)) / 2);
    } finally {
      if (mirrored) wipeTensor(tf, mirrored);
      wipeTensor(tf, crop);
    }
  }
}
