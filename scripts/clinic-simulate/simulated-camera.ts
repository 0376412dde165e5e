/**
 * The desk camera in the simulation. Whoever sits in front of it is a set of real photos; each
 * frame is the real engine's analysis of a webcam-like capture of one of them (decoded at the
 * capture's size, analysed for what the desk asked: gate only, or the descriptor of the pipeline
 * the template needs), computed once per capture and question and then reused, as consecutive
 * webcam frames of a still face barely differ. A photo cannot turn its head or blink on cue, so
 * its landmarks are replaced by a synthetic pose (synthetic-face.ts) while the liveness prompts
 * run; the descriptors, and so every match decision, stay the engine's own.
 */
import { readFileSync } from 'node:fs';
import type { RawFrame } from '../../src/shared/face.ts';
import type { EngineAnalyzerPort } from '../../src/core/face/engine-analyzer-port.ts';
import { decodeImage } from '../../src/core/face/image-decode.ts';
import { boxOf, landmarks, type Pose } from '../../src/core/evaluation/liveness/synthetic-face.ts';
import type { DeskAnalysis, FaceAnalyzerPort, FaceNeeds } from '../../src/core/visit/visit-desk-deps.ts';

/** A webcam-like capture of a photo: the photo fitted inside 640×480 times `scale`. */
export interface Capture {
  path: string;
  scale: number;
}

/** The capture as a frame the engine takes (its buffer is wiped by the engine after use). */
export function captureFrame(capture: Capture): Promise<RawFrame> {
  return decodeImage(readFileSync(capture.path), {
    fitInside: { width: Math.round(640 * capture.scale), height: Math.round(480 * capture.scale) },
  });
}

const NO_FACE: DeskAnalysis = {
  width: 640,
  height: 480,
  faces: [],
  primary: -1,
  quality: {
    ok: false,
    reasons: ['NO_FACE'],
    metrics: {
      faceCount: 0,
      faceWidthPx: 0,
      brightness: 0,
      sharpness: 0,
      colourfulness: 0,
      yaw: 0,
      pitch: 0,
    },
  },
};

export class SimulatedCamera implements FaceAnalyzerPort {
  readonly #engine: EngineAnalyzerPort;
  readonly #seen = new Map<string, Promise<DeskAnalysis>>();
  #frames = 0;
  /** Who sits in front of the camera (null: nobody). */
  person: Capture[] | null = null;
  /** The head pose of the next frame. */
  pose: Pose = {};

  constructor(engine: EngineAnalyzerPort) {
    this.#engine = engine;
  }

  unavailable(): ReturnType<EngineAnalyzerPort['unavailable']> {
    return this.#engine.unavailable();
  }

  async analyze(frame: RawFrame, needs: FaceNeeds): Promise<DeskAnalysis> {
    // The desk's own frame is not looked at; wiped as the engine wipes every frame it is given.
    frame.data.fill(0);
    const person = this.person;
    if (person === null || person.length === 0) return structuredClone(NO_FACE);
    const capture = person[this.#frames % person.length] as Capture;
    this.#frames += 1;
    const real = await this.#analysis(capture, needs);
    const primary = real.faces[real.primary];
    if (primary === undefined) return structuredClone(real);
    const lm = landmarks(this.pose);
    return structuredClone({ ...real, faces: [{ ...primary, box: boxOf(lm), landmarks: lm }], primary: 0 });
  }

  #analysis(capture: Capture, needs: FaceNeeds): Promise<DeskAnalysis> {
    const key = JSON.stringify([
      capture.path,
      capture.scale,
      needs.descriptor,
      needs.pipeline,
      needs.templateRefresh,
    ]);
    let analysis = this.#seen.get(key);
    if (analysis === undefined) {
      analysis = captureFrame(capture).then((frame) => this.#engine.analyze(frame, needs));
      this.#seen.set(key, analysis);
      // A failed analysis (the engine restarting) is asked again next time, not remembered.
      analysis.catch(() => this.#seen.delete(key));
    }
    return analysis;
  }
}
