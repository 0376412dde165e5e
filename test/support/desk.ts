/**
 * A VisitDesk on a real SQLite file with the real registry, code service, gateway client (against
 * the fake gateway on 127.0.0.1), slip renderer and decision rule. Only the camera is scripted:
 * `PosedCamera` answers each frame with a real engine analysis of a committed photo, its landmarks
 * replaced by a synthetic pose, because a photo cannot turn its head or blink on cue.
 */
import { randomUUID } from 'node:crypto';
import { FaceEngineError } from '../../src/shared/errors.ts';
import type { RawFrame } from '../../src/shared/face.ts';
import type { VisitView } from '../../src/shared/visit-view.ts';
import { CodeService } from '../../src/core/codes/code-service.ts';
import { GatewayClient } from '../../src/core/delivery/gateway-client.ts';
import type { DecisionRule } from '../../src/core/face/decision-rule.ts';
import { loadDecisionRule, type EarlierPipeline } from '../../src/core/face/decision-rule-file.ts';
import { ENGINE_ANALYZE_OPTIONS, type AnalyzeOptions } from '../../src/core/face/face-analyzer.ts';
import { FaceEngine } from '../../src/core/face/face-engine.ts';
import { DEFAULT_LIVENESS_CONFIG, type LivenessConfig } from '../../src/core/liveness/config.ts';
import { DEFAULT_FACE_LOCK_POLICY, type FaceLockPolicy } from '../../src/core/visit/face-lock.ts';
import { OperatorRegistry } from '../../src/core/operators/operators.ts';
import { PatientLanguages } from '../../src/core/patients/patient-language.ts';
import { PatientRegistry } from '../../src/core/patients/patients.ts';
import { Representatives } from '../../src/core/patients/representatives.ts';
import { ConsentRegistry } from '../../src/core/enrolment/consent.ts';
import { Enrolment, loadEarlierIndexes, loadTemplateIndex } from '../../src/core/enrolment/enrolment.ts';
import { TemplateStore } from '../../src/core/enrolment/templates.ts';
import { renderSlipForVisit } from '../../src/core/slip/slip-for-visit.ts';
import { DEFAULT_VISIT_CONFIG, type VisitConfig } from '../../src/core/visit/config.ts';
import { VisitDesk } from '../../src/core/visit/visit-desk.ts';
import type { ReceptionSlips } from '../../src/core/visit/reception-slip-port.ts';
import type {
  DeskAnalysis,
  FaceAnalyzerPort,
  FaceNeeds,
  SlipRequest,
} from '../../src/core/visit/visit-desk-deps.ts';
import { startFakeGateway, type FakeGateway } from '../fakes/fake-gateway.ts';
import { boxOf, landmarks, posesFor, type Pose } from '../../src/core/evaluation/liveness/synthetic-face.ts';
import { fixtureFrame, webcamFrame, type WebcamVariant } from './frames.ts';
import { MODELS_DIR } from './paths.ts';
import { openTestStore, type TestStore } from './store.ts';

export const MODEL_VERSION = 'tanu-test';

/**
 * Real analyses (with descriptors) of committed photos, computed once per test file; `options`
 * picks another pipeline, purpose or a refresh descriptor (the current pipeline's by default).
 */
export async function analysePhotos(
  names: string[],
  options: AnalyzeOptions = {},
): Promise<Map<string, DeskAnalysis>> {
  const engine = await FaceEngine.start({ modelsDir: MODELS_DIR });
  try {
    const out = new Map<string, DeskAnalysis>();
    for (const name of names) {
      const frame = await fixtureFrame(name);
      const { analysis } = await engine.analyze(frame, {
        descriptor: true,
        ...ENGINE_ANALYZE_OPTIONS,
        ...options,
      });
      if (!analysis.descriptor) throw new Error(`No face found in fixture ${name}`);
      out.set(name, analysis);
    }
    return out;
  } finally {
    await engine.close();
  }
}

/** Three consecutive frames of a desk camera: full width, then smaller and more compressed. */
export const WEBCAM_VARIANTS: WebcamVariant[] = [
  { width: 640, quality: 75 },
  { width: 480, quality: 75 },
  { width: 480, quality: 60 },
];

/**
 * Webcam-like captures of one committed photo: rescaled and JPEG-compressed as a desk camera's
 * MJPEG stream would be, then letterboxed into 640×480. Consecutive webcam frames differ like
 * this, and the matcher decides on several frames, so the camera cycles through them.
 */
export async function webcamCaptures(
  name: string,
  variants: WebcamVariant[] = WEBCAM_VARIANTS,
  options: AnalyzeOptions = {},
): Promise<DeskAnalysis[]> {
  const engine = await FaceEngine.start({ modelsDir: MODELS_DIR });
  try {
    const out: DeskAnalysis[] = [];
    for (const v of variants) {
      const frame = await webcamFrame(name, v);
      const { analysis } = await engine.analyze(frame, {
        descriptor: true,
        ...ENGINE_ANALYZE_OPTIONS,
        ...options,
      });
      if (!analysis.descriptor) throw new Error(`No face found in a capture of ${name}`);
      out.push(analysis);
    }
    return out;
  } finally {
    await engine.close();
  }
}

/**
 * The scripted camera. `person` is the real analysis shown to the engine; `pose` the synthetic
 * head pose of the next frame. Frames are zeroed as the engine zeroes them, and counted.
 */
export class PosedCamera implements FaceAnalyzerPort {
  /** The real analyses shown, one per frame in turn. */
  person: DeskAnalysis[] = [];
  /** When set, the analyses shown for what the desk asked (another pipeline's, say); else `person`. */
  personFor: ((needs: FaceNeeds) => DeskAnalysis[]) | null = null;
  /** What the desk asked of each frame, in order. */
  readonly needs: FaceNeeds[] = [];
  pose: Pose = {};
  faces = 1;
  readonly seen: RawFrame[] = [];
  descriptorRequests = 0;
  /** The next analysis fails as a crashed engine process would make it fail. */
  crashNext = false;

  async analyze(frame: RawFrame, needs: FaceNeeds): Promise<DeskAnalysis> {
    this.seen.push(frame);
    this.needs.push({ ...needs });
    frame.data.fill(0);
    if (this.crashNext) {
      this.crashNext = false;
      throw new FaceEngineError(
        'ENGINE_CRASHED',
        'The face engine stopped (test); it restarts on the next request.',
      );
    }
    if (needs.descriptor) this.descriptorRequests += 1;
    const person = this.personFor?.(needs) ?? this.person;
    const real = person[this.seen.length % Math.max(1, person.length)];
    if (real === undefined || this.faces === 0) {
      return {
        width: 640,
        height: 480,
        faces: [],
        primary: -1,
        quality: { ok: false, reasons: ['NO_FACE'], metrics: { ...emptyMetrics } },
      };
    }
    const primary = real.faces[real.primary];
    if (!primary) throw new Error('The scripted person has no primary face');
    const lm = landmarks(this.pose);
    const face = { ...primary, box: boxOf(lm), landmarks: lm };
    const quality =
      this.faces > 1
        ? { ok: false, reasons: ['MULTIPLE_FACES' as const], metrics: real.quality.metrics }
        : real.quality;
    const { refreshDescriptor, duplicateCheckDescriptors, ...shown } = real;
    const duplicateCheck = Object.fromEntries(
      (needs.duplicateCheck ?? []).flatMap((id) => {
        const d = duplicateCheckDescriptors?.[id];
        return d ? [[id, [...d]]] : [];
      }),
    );
    return {
      ...shown,
      faces: Array.from({ length: this.faces }, () => face),
      primary: 0,
      quality: structuredClone(quality),
      ...(needs.descriptor && real.descriptor ? { descriptor: [...real.descriptor] } : {}),
      ...(needs.templateRefresh && refreshDescriptor ? { refreshDescriptor: [...refreshDescriptor] } : {}),
      ...(needs.descriptor && Object.keys(duplicateCheck).length > 0
        ? { duplicateCheckDescriptors: duplicateCheck }
        : {}),
    };
  }
}

const emptyMetrics = {
  faceCount: 0,
  faceWidthPx: 0,
  brightness: 0,
  sharpness: 0,
  colourfulness: 0,
  yaw: 0,
  pitch: 0,
};

/** A small dummy frame: the scripted camera ignores its pixels but zeroes them. */
export function dummyFrame(): RawFrame {
  return { data: new Uint8Array(64 * 48 * 3).fill(7), width: 64, height: 48, format: 'rgb' };
}

export interface DeskOptions {
  /** The engine as the desk sees it; the posed camera by default. */
  face?: FaceAnalyzerPort;
  visit?: Partial<VisitConfig>;
  liveness?: Partial<LivenessConfig>;
  faceLock?: Partial<FaceLockPolicy>;
  random?: () => number;
  /** The current pipeline's rule and model version (the shipped rule and MODEL_VERSION by default). */
  rule?: DecisionRule;
  modelVersion?: string;
  earlierPipelines?: EarlierPipeline[];
  /** Wire the real enrolment service (consents, duplicate index), which a template refresh needs. */
  enrolment?: boolean;
  /** Clinic mode: the clinic's reception slips, as the visit asks for them. */
  receptionSlips?: ReceptionSlips;
}

export interface TestDesk extends TestStore {
  desk: VisitDesk;
  camera: PosedCamera;
  gateway: FakeGateway;
  patients: PatientRegistry;
  representatives: Representatives;
  templates: TemplateStore;
  codes: CodeService;
  /** The desk's accounts: the slip's second operator signs off with one. */
  operators: OperatorRegistry;
  consents: ConsentRegistry;
  enrolment: Enrolment | null;
  actor: { operatorId: string; deskId: string };
  slips: SlipRequest[];
  close(): Promise<void>;
}

export async function openTestDesk(dir: string, options: DeskOptions = {}): Promise<TestDesk> {
  const store = openTestStore(dir);
  const patients = new PatientRegistry(store);
  const representatives = new Representatives({ ...store, patients });
  const templates = new TemplateStore(store);
  const codes = new CodeService(store);
  const operators = new OperatorRegistry({ ...store, scrypt: { N: 1024, r: 8, p: 1 } });
  const gateway = await startFakeGateway();
  const camera = new PosedCamera();
  const slips: SlipRequest[] = [];
  const languages = new PatientLanguages(store.store);
  const rule = options.rule ?? loadDecisionRule();
  const modelVersion = options.modelVersion ?? MODEL_VERSION;
  const consents = new ConsentRegistry({ ...store, patients, representatives });
  let enrolment: Enrolment | null = null;
  if (options.enrolment === true) {
    const config = { modelId: rule.modelId, modelVersion, duplicateThreshold: rule.duplicateThreshold };
    const index = loadTemplateIndex(templates, config);
    const earlierIndexes = loadEarlierIndexes(templates, options.earlierPipelines ?? []);
    enrolment = new Enrolment({ ...store, patients, consents, templates, index, earlierIndexes, config });
  }
  const desk = new VisitDesk({
    ...store,
    patients,
    languages,
    representatives,
    templates,
    codes,
    operators,
    gateway: new GatewayClient(
      { baseUrl: gateway.url, token: gateway.token, timeoutMs: 2000, maxAttempts: 2, backoffBaseMs: 1 },
      { random: () => 0 },
    ),
    renderSlip: (r) => {
      slips.push(r);
      return renderSlipForVisit(r);
    },
    face: options.face ?? camera,
    rule,
    modelVersion,
    ...(options.earlierPipelines ? { earlierPipelines: options.earlierPipelines } : {}),
    ...(enrolment ? { enrolment } : {}),
    visit: { ...DEFAULT_VISIT_CONFIG, ...options.visit },
    liveness: { ...DEFAULT_LIVENESS_CONFIG, ...options.liveness },
    faceLock: { ...DEFAULT_FACE_LOCK_POLICY, ...options.faceLock },
    ...(options.receptionSlips ? { receptionSlips: options.receptionSlips } : {}),
    settings: {
      clinic: 'Емхана №5',
      timeZone: 'Asia/Almaty',
      callNumber: '+7 727 000 00 00',
      defaultLanguage: 'ru',
    },
    ...(options.random ? { random: options.random } : {}),
  });
  return {
    ...store,
    desk,
    camera,
    gateway,
    patients,
    representatives,
    templates,
    codes,
    operators,
    consents,
    enrolment,
    actor: { operatorId: randomUUID(), deskId: 'desk-1' },
    slips,
    close: async () => {
      await gateway.close();
      store.store.close();
    },
  };
}

/**
 * Plays a cooperative patient through the face path: good frames until liveness starts, then
 * each prompt's poses, until the visit leaves the camera phases. Returns the last view.
 */
export async function performFacePath(
  t: Pick<TestDesk, 'desk' | 'camera' | 'clock'>,
  visitId: string,
  maxFrames = 200,
): Promise<VisitView> {
  let view = t.desk.view(visitId);
  let queue: Pose[] = [];
  let lastAction: string | null = null;
  for (let i = 0; i < maxFrames; i += 1) {
    if (view.phase !== 'faceGuidance' && view.phase !== 'liveness') return view;
    if (view.phase === 'liveness' && view.liveness) {
      const key = `${view.liveness.step}:${view.liveness.action}`;
      if (key !== lastAction) {
        // A few frontal frames first (calibration, or back to rest), then the movement.
        queue = [{}, {}, {}, ...posesFor(view.liveness.action)];
        lastAction = key;
      }
    }
    t.camera.pose = queue.shift() ?? {};
    t.clock.advance(100);
    view = await t.desk.submitFrame(visitId, dummyFrame());
  }
  return view;
}

/**
 * The slip's second party for tests that are about something else: a registrar account (made on
 * first use, with the desk's first admin) signs off the visit waiting in `slipSignOff`.
 */
export async function signOffSlip(
  t: Pick<TestDesk, 'desk' | 'operators' | 'actor'>,
  visitId: string,
): Promise<VisitView> {
  const secret = 'second party 42';
  const { deskId } = t.actor;
  if (t.operators.count() === 0) {
    const admin = t.operators.create(
      { login: 'first.admin', displayName: 'First Admin', role: 'admin', secret },
      { operatorId: 'system', deskId },
    );
    t.operators.create(
      { login: 'reception', displayName: 'Reception', role: 'registrar', secret },
      { operatorId: admin.id, deskId },
    );
  }
  return t.desk.signOffSlip(visitId, 'reception', secret);
}
