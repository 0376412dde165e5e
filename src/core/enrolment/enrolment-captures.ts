/**
 * Enrolments in progress at the registrar's desk: consent first (recorded before any frame is
 * taken), then frames through the engine until enough pass the quality gate, then the template
 * and the 1:N duplicate check. While the desk holds templates an earlier pipeline made, each frame
 * is also described as that pipeline would enrol it, for the check against those templates. Only
 * descriptors and quality verdicts are held, zeroed when the enrolment finishes or is cancelled;
 * the frames themselves are zeroed by the engine.
 */
import { randomUUID } from 'node:crypto';
import type { QualityReason, RawFrame } from '../../shared/face.ts';
import { KioskError } from '../../shared/kiosk-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { PipelineId } from '../face/pipelines.ts';
import type { FaceAnalyzerPort } from '../visit/visit-desk-deps.ts';
import type { ConsentRegistry } from './consent.ts';
import {
  MAX_ENROLMENT_FRAMES,
  MIN_ENROLMENT_FRAMES,
  type Enrolment,
  type EnrolmentProbe,
  type EnrolmentResult,
} from './enrolment.ts';

interface HeldProbe extends EnrolmentProbe {
  descriptor: Float32Array;
  earlierDescriptors: Partial<Record<PipelineId, Float32Array>>;
}

interface Capture {
  patientId: string;
  operatorId: string;
  probes: HeldProbe[];
}

export interface CaptureProgress {
  accepted: number;
  guidance: QualityReason[];
  ready: boolean;
}

export class EnrolmentCaptures {
  readonly #captures = new Map<string, Capture>();
  readonly #face: FaceAnalyzerPort;
  readonly #consents: ConsentRegistry;
  readonly #enrolment: Enrolment;

  constructor(deps: { face: FaceAnalyzerPort; consents: ConsentRegistry; enrolment: Enrolment }) {
    this.#face = deps.face;
    this.#consents = deps.consents;
    this.#enrolment = deps.enrolment;
  }

  /** Records the consent (the patient's, or their representative's) and opens a capture. */
  start(patientId: string, givenBy: string, actor: Actor): string {
    this.#consents.record({ patientId, givenBy, decision: 'given', purpose: 'face_identification' }, actor);
    const id = randomUUID();
    this.#captures.set(id, { patientId, operatorId: actor.operatorId, probes: [] });
    return id;
  }

  #get(id: string, actor: Actor): Capture {
    const c = this.#captures.get(id);
    if (c === undefined)
      throw new KioskError('ENROLMENT_NOT_FOUND', 'No enrolment in progress with this id.');
    if (c.operatorId !== actor.operatorId) {
      throw new KioskError('NOT_YOUR_VISIT', 'This enrolment was started by another operator.');
    }
    return c;
  }

  async addFrame(id: string, frame: RawFrame, actor: Actor): Promise<CaptureProgress> {
    let capture: Capture;
    try {
      capture = this.#get(id, actor);
    } catch (error) {
      frame.data.fill(0);
      throw error;
    }
    if (capture.probes.length >= MAX_ENROLMENT_FRAMES) {
      frame.data.fill(0);
      return { accepted: capture.probes.length, guidance: [], ready: true };
    }
    const duplicateCheck = this.#enrolment.duplicateCheckPipelines();
    const analysis = await this.#face.analyze(frame, {
      descriptor: true,
      ...(duplicateCheck.length > 0 ? { duplicateCheck } : {}),
    });
    if (analysis.quality.ok && analysis.descriptor) {
      const earlierDescriptors: HeldProbe['earlierDescriptors'] = {};
      for (const id of duplicateCheck) {
        const d = analysis.duplicateCheckDescriptors?.[id];
        if (d) earlierDescriptors[id] = Float32Array.from(d);
      }
      capture.probes.push({
        descriptor: Float32Array.from(analysis.descriptor),
        quality: analysis.quality,
        earlierDescriptors,
      });
    }
    analysis.descriptor?.fill(0);
    for (const d of Object.values(analysis.duplicateCheckDescriptors ?? {})) d.fill(0);
    const accepted = capture.probes.length;
    return { accepted, guidance: [...analysis.quality.reasons], ready: accepted >= MIN_ENROLMENT_FRAMES };
  }

  finish(id: string, actor: Actor): EnrolmentResult {
    const capture = this.#get(id, actor);
    try {
      return this.#enrolment.enrol(capture.patientId, capture.probes, actor);
    } finally {
      this.cancel(id);
    }
  }

  cancel(id: string): void {
    const capture = this.#captures.get(id);
    if (capture === undefined) return;
    for (const p of capture.probes) {
      p.descriptor.fill(0);
      for (const d of Object.values(p.earlierDescriptors)) d.fill(0);
    }
    this.#captures.delete(id);
  }
}
