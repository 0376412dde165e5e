/** What the visit desk is built from: the services, the engine port and the desk's settings. */
import type { EngineCannotRun } from '../../shared/errors.ts';
import type { FrameAnalysis, RawFrame } from '../../shared/face.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { CodeService } from '../codes/code-service.ts';
import type { DeliveryChannel } from '../delivery/channel.ts';
import type { Enrolment } from '../enrolment/enrolment.ts';
import type { TemplateStore } from '../enrolment/templates.ts';
import type { DecisionRule } from '../face/decision-rule.ts';
import type { EarlierPipeline } from '../face/decision-rule-file.ts';
import type { PipelineId } from '../face/pipelines.ts';
import type { LivenessConfig } from '../liveness/config.ts';
import type { Language } from '../../shared/languages.ts';
import type { PatientLanguages } from '../patients/patient-language.ts';
import type { PatientRegistry } from '../patients/patients.ts';
import type { OperatorRegistry } from '../operators/operators.ts';
import type { Representatives } from '../patients/representatives.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { VisitConfig } from './config.ts';
import type { FaceLockPolicy } from './face-lock.ts';
import type { OtherDesks } from './other-desks.ts';
import type { ReceptionSlips } from './reception-slip-port.ts';

/**
 * What the desk asks of a frame. `pipeline` describes it as the template's pipeline does (absent:
 * the current one); `templateRefresh` also asks for the face as that pipeline would enrol it;
 * `duplicateCheck` (enrolment) asks for it as each of those pipelines would enrol it.
 */
export interface FaceNeeds {
  descriptor: boolean;
  pipeline?: PipelineId;
  templateRefresh?: PipelineId;
  duplicateCheck?: readonly PipelineId[];
}

/** A frame's analysis, with the refresh and duplicate-check descriptors when they were asked for. */
export type DeskAnalysis = FrameAnalysis & {
  refreshDescriptor?: number[];
  duplicateCheckDescriptors?: Partial<Record<PipelineId, number[]>>;
};

/**
 * The engine as the desk needs it: one frame in (its buffer is zeroed), its analysis out. Guidance
 * frames need only the quality gate; liveness frames also need the descriptor (for continuity and
 * the match), which costs about twice as much.
 */
export interface FaceAnalyzerPort {
  analyze(frame: RawFrame, needs: FaceNeeds): Promise<DeskAnalysis>;
  /**
   * Why the engine cannot run at all (it could not start: models missing or altered), or null
   * while it runs or is still starting. Absent: an engine that is always there.
   */
  unavailable?(): EngineCannotRun | null;
}

export interface SlipRequest {
  language: Language;
  clinic: string;
  issuedAt: Date;
  expiresAt: Date;
  timeZone: string;
  givenNames: string;
  familyName: string;
  code: string;
}

export interface DeskSettings {
  clinic: string;
  /** IANA zone of the clinic, for times in texts and on the slip. */
  timeZone: string;
  /** The number a patient calls when a notified visit was not theirs. */
  callNumber: string;
  /** Language of texts for a patient who never chose one. */
  defaultLanguage: Language;
}

export interface VisitDeskDeps {
  store: DeskStore;
  audit: AuditLog;
  clock: Clock;
  patients: PatientRegistry;
  representatives: Representatives;
  languages: PatientLanguages;
  templates: TemplateStore;
  codes: CodeService;
  /** Checks the second operator who signs a slip visit off (the same throttle and lock as sign-in). */
  operators: Pick<OperatorRegistry, 'confirmSecondOperator'>;
  gateway: DeliveryChannel;
  renderSlip: (request: SlipRequest) => Promise<Uint8Array>;
  face: FaceAnalyzerPort;
  /** The current pipeline's rule, and the model version its templates are stored under. */
  rule: DecisionRule;
  modelVersion: string;
  /**
   * Pipelines before the current one, newest first: a patient whose only template one of them
   * made is verified with it, and a match offers to refresh the template. Absent: none.
   */
  earlierPipelines?: readonly EarlierPipeline[];
  /** Stores a refreshed template (checked and audited as an enrolment). Absent: no refresh offered. */
  enrolment?: Pick<Enrolment, 'refresh'>;
  visit: VisitConfig;
  liveness: LivenessConfig;
  faceLock: FaceLockPolicy;
  /**
   * Clinic mode: the other desks' face failures and codes for a patient, which the face-path lock
   * and the code rate limit add to this desk's own. Absent: a single desk.
   */
  otherDesks?: OtherDesks;
  /**
   * Clinic mode: slips printed at reception, asked of the clinic at selection and redeemed there
   * (bounded like `otherDesks`). Absent: a single desk, whose slips are its own and signed off.
   */
  receptionSlips?: ReceptionSlips;
  settings: DeskSettings;
  /** In [0, 1); draws the liveness challenge. Crypto-backed unless a test pins it. */
  random?: () => number;
}
