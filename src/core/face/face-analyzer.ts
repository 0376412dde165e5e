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
import { MAX_INFERENCE_VALUES, toInferenceInput, validateFrame, type InferenceInput } from './frame.ts';
import { extractFaceChip, FACE_CHIP_SIZE, faceChipDetails } from './face-chip.ts';
import { installLeanDetectorForward, type TinyDetectorNet } from './lean-detector-forward.ts';
import { installLeanRecognitionForward, type RecognitionNet } from './lean-recognition-forward.ts';
import { installLeanWasmKernels } from './lean-wasm-kernels.ts';
import { estimateHeadPose } from './head-pose.ts';
import { measureFaceTexture } from '../liveness/passive-texture.ts';
import { readVerifiedModels, type ModelManifest, type VerifiedNet } from './model-files.ts';
import { PixelCopies, type PixelCopyKind } from './pixel-copies.ts';
import { releaseLoadingGarbage } from './release-memory.ts';
import {
  CURRENT_PIPELINE,
  pipelineSpec,
  type DescriptorPurpose,
  type FaceAlignment,
  type PipelineId,
} from './pipelines.ts';
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

/** The pipeline new templates are made with: the app stores it as every template's model version. */
export const ANALYZER_PIPELINE: PipelineId = CURRENT_PIPELINE;

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
  /**
   * The pipeline that makes the descriptor: CURRENT_PIPELINE unless a template made by an older
   * one is being verified (its distances only mean something within its own pipeline).
   */
  pipeline?: PipelineId;
  /** Verification (the default) or enrolment: a pipeline may describe them differently. */
  purpose?: DescriptorPurpose;
  /**
   * Also describe the face as this pipeline would for a new template (enrolment purpose), in
   * `refreshDescriptor`: a visit verifying a template made by an older pipeline keeps it, so a
   * successful identification can offer to refresh the template without another capture.
   */
  templateRefresh?: PipelineId;
  /**
   * With `descriptor`, also describe the face as each of these pipelines would for a new template
   * (enrolment purpose), in `duplicateCheckDescriptors`: an enrolment is checked for duplicates
   * against the templates those pipelines made, in their own distances.
   */
  duplicateCheck?: readonly PipelineId[];
  /** Detector cascade; defaults to VERIFY_DETECTORS when a descriptor is asked for, else LIVE_DETECTORS. */
  detectors?: DetectorSpec[];
  /**
   * Accuracy research only: these alignments, each plain and mirrored, from one detection, so one
   * engine pass scores every pipeline that uses them (`descriptorVariants`). Two passes of the net
   * per alignment; never in the kiosk.
   */
  descriptorVariants?: readonly FaceAlignment[];
}

/** How the product describes a face: the current pipeline (pipelines.ts), verification. */
export const ENGINE_ANALYZE_OPTIONS: AnalyzeOptions = { pipeline: CURRENT_PIPELINE };

/** The recognition net's output for each alignment, on the face and on its mirror image. */
export type DescriptorVariants = Partial<Record<FaceAlignment, { plain: number[]; mirrored: number[] }>>;

/** What an analysis returns inside the core: the frame analysis, and what research asked for. */
export interface AnalyzerResult extends FrameAnalysis {
  /** The pipeline `descriptor` was made with. */
  pipeline?: PipelineId;
  /** The face as `templateRefresh`'s pipeline describes it for a template (when asked). */
  refreshDescriptor?: number[];
  /** The face as each of `duplicateCheck`'s pipelines describes it for a template (when asked). */
  duplicateCheckDescriptors?: Partial<Record<PipelineId, number[]>>;
  descriptorVariants?: DescriptorVariants;
}

export interface FaceAnalyzerOptions {
  modelsDir: string;
  /** Override of the pinned manifest hash, for tests only. */
  pinnedManifestSha256?: string;
  qualityGate?: QualityGateConfig;
  /** Tests only: shown every pixel copy an analysis made, after they were zeroed. */
  onCopiesWiped?: (copies: readonly { kind: PixelCopyKind; data: ArrayLike<number> }[]) => void;
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
  if (tf.getBackend() === 'wasm') installLeanWasmKernels(tf);
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

/** The primary face as face-api found it, in the inference copy's coordinates. */
interface FoundFace {
  /** face-api's descriptor box: the axis-aligned box of the landmarks. */
  box: Box;
  landmarks: Point[];
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
  private readonly onCopiesWiped: FaceAnalyzerOptions['onCopiesWiped'];
  /** The inference copy's buffer, reused frame after frame (zeros between analyses). */
  private readonly inferenceBuffer = new Int32Array(MAX_INFERENCE_VALUES);
  private inferenceBufferBusy = false;

  private constructor(
    faceapi: FaceApi,
    tf: Tf,
    manifest: ModelManifest,
    info: EngineInfo,
    options: FaceAnalyzerOptions,
  ) {
    this.faceapi = faceapi;
    this.tf = tf;
    this.manifest = manifest;
    this.info = info;
    this.gate = options.qualityGate ?? DEFAULT_QUALITY_GATE;
    this.onCopiesWiped = options.onCopiesWiped;
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
      releaseLoadingGarbage();
    }
    // A net's activations set the wasm heap's size for good (it never shrinks): free them op by op.
    installLeanDetectorForward(tf, faceapi.nets.tinyFaceDetector as unknown as TinyDetectorNet);
    installLeanRecognitionForward(tf, faceapi.nets.faceRecognitionNet as unknown as RecognitionNet);
    const info = {
      backend: tf.getBackend(),
      modelId: manifest.modelId,
      modelLoadMs: performance.now() - started,
    };
    return new FaceAnalyzer(faceapi, tf, manifest, info, options);
  }

  /** Live tensors held by tfjs; back to its baseline after every analysis (tested). */
  tensorCount(): number {
    return this.tf.memory().numTensors;
  }

  /**
   * Finds faces, measures quality and, when asked, describes the primary (largest) face with the
   * asked pipeline. Consumes the frame: `frame.data`, and every copy made of it here (inference
   * copy, primaryFace chip, tensors), is all zeros when this returns or throws.
   */
  async analyze(frame: RawFrame, options: AnalyzeOptions = {}): Promise<AnalyzerResult> {
    const copies = new PixelCopies();
    let tensor: Tensor3D | undefined;
    // Overlapping calls (tests, never the engine's queue) get a buffer of their own.
    const reuse = !this.inferenceBufferBusy;
    if (reuse) this.inferenceBufferBusy = true;
    try {
      // Options cross a process boundary: an unknown pipeline or purpose is refused before any pixel is copied.
      if (options.pipeline !== undefined) pipelineSpec(options.pipeline);
      if (options.templateRefresh !== undefined) pipelineSpec(options.templateRefresh);
      if (options.duplicateCheck !== undefined && !Array.isArray(options.duplicateCheck)) {
        throw new FaceEngineError('INVALID_FRAME', 'duplicateCheck must be a list of pipelines.');
      }
      for (const id of options.duplicateCheck ?? []) pipelineSpec(id);
      if (options.purpose !== undefined && options.purpose !== 'enrol' && options.purpose !== 'verify') {
        throw new FaceEngineError(
          'INVALID_FRAME',
          `Unknown descriptor purpose ${JSON.stringify(options.purpose)}.`,
        );
      }
      const valid = validateFrame(frame);
      const input = toInferenceInput(valid, reuse ? this.inferenceBuffer : undefined);
      copies.take(input.pixels, 'inference');
      tensor = this.tf.tensor3d(input.pixels, [input.height, input.width, 3], 'int32');
      return await this.run(tensor, input, valid, options, copies);
    } finally {
      if (tensor) wipeTensor(this.tf, tensor);
      copies.wipe();
      if (frame && (frame.data instanceof Uint8Array || frame.data instanceof Uint8ClampedArray))
        frame.data.fill(0);
      if (reuse) this.inferenceBufferBusy = false;
      this.onCopiesWiped?.(copies.list());
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
    copies: PixelCopies,
  ): Promise<AnalyzerResult> {
    const describing = options.descriptor === true || (options.descriptorVariants?.length ?? 0) > 0;
    const detectors = options.detectors ?? (describing ? VERIFY_DETECTORS : LIVE_DETECTORS);
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
    const analysis: AnalyzerResult = { width: frame.width, height: frame.height, faces, primary, quality };
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
    if (!primaryFound) return analysis;
    const primaryFace: FoundFace = {
      box: primaryFound.alignedRect.box,
      landmarks: primaryFound.landmarks.positions,
    };
    if (options.descriptor) {
      const pipeline = options.pipeline ?? CURRENT_PIPELINE;
      analysis.descriptor = await this.describeFor(
        pipeline,
        options.purpose ?? 'verify',
        tensor,
        input,
        primaryFace,
        copies,
      );
      analysis.pipeline = pipeline;
      if (options.templateRefresh !== undefined) {
        analysis.refreshDescriptor = await this.describeFor(
          options.templateRefresh,
          'enrol',
          tensor,
          input,
          primaryFace,
          copies,
        );
      }
      const duplicateCheck = [...new Set(options.duplicateCheck ?? [])];
      if (duplicateCheck.length > 0) {
        const described: Partial<Record<PipelineId, number[]>> = {};
        for (const id of duplicateCheck) {
          described[id] = await this.describeFor(id, 'enrol', tensor, input, primaryFace, copies);
        }
        analysis.duplicateCheckDescriptors = described;
      }
    }
    if (options.descriptorVariants && options.descriptorVariants.length > 0) {
      const variants: DescriptorVariants = {};
      for (const alignment of new Set(options.descriptorVariants)) {
        if (alignment !== 'landmark-box' && alignment !== 'dlib-chip') {
          throw new FaceEngineError('INVALID_FRAME', `Unknown alignment ${JSON.stringify(alignment)}.`);
        }
        const { plain, mirrored } = await this.describe(tensor, input, primaryFace, alignment, true, copies);
        variants[alignment] = { plain, mirrored: mirrored as number[] };
      }
      analysis.descriptorVariants = variants;
    }
    return analysis;
  }

  /** The face cut out for the recognition net, as a tensor the caller wipes. */
  private async cutOut(
    tensor: Tensor3D,
    input: InferenceInput,
    face: FoundFace,
    alignment: FaceAlignment,
    copies: PixelCopies,
  ): Promise<Tensor3D> {
    if (alignment === 'dlib-chip') {
      // Sampled from the inference copy, in its coordinates (where face-api put the landmarks).
      const chip = extractFaceChip(
        { pixels: input.pixels, width: input.width, height: input.height },
        faceChipDetails(face.landmarks),
        copies,
      );
      return this.tf.tensor3d(chip, [FACE_CHIP_SIZE, FACE_CHIP_SIZE, 3], 'int32');
    }
    const faceapi = this.faceapi;
    const { x, y, width, height } = face.box;
    const [faceCrop] = await faceapi.extractFaceTensors(asFaceApi(tensor), [
      new faceapi.Rect(x, y, width, height),
    ]);
    if (!faceCrop)
      throw new FaceEngineError('INVALID_FRAME', 'The face could not be cropped from the frame.');
    return fromFaceApi(faceCrop);
  }

  /** The face's descriptor as one pipeline makes it for one purpose (mirror-averaged if the pipeline says so). */
  private async describeFor(
    pipeline: PipelineId,
    purpose: DescriptorPurpose,
    tensor: Tensor3D,
    input: InferenceInput,
    face: FoundFace,
    copies: PixelCopies,
  ): Promise<number[]> {
    const spec = pipelineSpec(pipeline);
    const { plain, mirrored } = await this.describe(
      tensor,
      input,
      face,
      spec.alignment,
      spec.mirrorAverage[purpose],
      copies,
    );
    return mirrored ? plain.map((v, i) => (v + (mirrored[i] as number)) / 2) : plain;
  }

  /** One pass of the recognition net on the aligned face, and one on its mirror image when asked. */
  private async describe(
    tensor: Tensor3D,
    input: InferenceInput,
    face: FoundFace,
    alignment: FaceAlignment,
    mirror: boolean,
    copies: PixelCopies,
  ): Promise<{ plain: number[]; mirrored?: number[] }> {
    const net = this.faceapi.nets.faceRecognitionNet;
    const crop = await this.cutOut(tensor, input, face, alignment, copies);
    let flipped: Tensor3D | undefined;
    try {
      const plain = Array.from((await net.computeFaceDescriptor(asFaceApi(crop))) as Float32Array);
      if (!mirror) return { plain };
      flipped = this.tf.reverse(crop, 1);
      const mirrored = Array.from((await net.computeFaceDescriptor(asFaceApi(flipped))) as Float32Array);
      return { plain, mirrored };
    } finally {
      if (flipped) wipeTensor(this.tf, flipped);
      wipeTensor(this.tf, crop);
    }
  }
}
