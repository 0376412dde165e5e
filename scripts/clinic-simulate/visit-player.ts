/**
 * A patient and a doctor going through one visit at a simulated desk, the way the screens drive
 * the visit desk: the doctor picks the patient and an in-person visit; the patient either agrees
 * to the photo, looks at the camera and follows each liveness prompt (retrying after a no-match
 * while attempts are left, taking the code when the face path closes), or refuses the photo and
 * reads the code off their phone. Frames come at a webcam's pace, in real time.
 */
import type { Actor } from '../../src/core/audit/actor.ts';
import type { VisitView } from '../../src/shared/visit-view.ts';
import { posesFor, type Pose } from '../../src/core/evaluation/liveness/synthetic-face.ts';
import type { VisitDesk } from '../../src/core/visit/visit-desk.ts';
import type { SimulatedCamera, Capture } from './simulated-camera.ts';
import type { SimulatedPhones } from './simulated-phones.ts';

/** A webcam at 10 frames a second. */
const FRAME_MS = 100;
/** A visit that has not ended after this many frames is cancelled (a bug, not a patient). */
const MAX_FRAMES = 600;

export interface VisitPatient {
  id: string;
  phone: string;
  /** The captures the camera shows of them; null: they refuse the photo. */
  face: Capture[] | null;
}

export interface PlayedVisit {
  visitId: string;
  phase: VisitView['phase'];
  method: VisitView['method'];
  /** Face attempts that ended in no match. */
  noMatches: number;
  /** The phase the doctor cancelled the visit in, when nothing else could move it on. */
  cancelledIn: VisitView['phase'] | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ended = (view: VisitView) =>
  ['identified', 'recordedOnline', 'codeLocked', 'cancelled', 'timedOut'].includes(view.phase);

/**
 * What the player moves in front of the desk's camera: who sits there and their pose. A visit of a
 * patient who refuses the photo never asks the camera, so any such pair will do (a code visit
 * needs no engine).
 */
export type CameraSeat = Pick<SimulatedCamera, 'person' | 'pose'>;

export async function playVisit(
  desk: VisitDesk,
  camera: CameraSeat,
  phones: SimulatedPhones,
  doctor: { actor: Actor; name: string },
  patient: VisitPatient,
): Promise<PlayedVisit> {
  const { visitId } = desk.start(doctor.actor, doctor.name);
  await desk.selectPatient(visitId, patient.id);
  await desk.chooseVisitType(visitId, 'in-person');
  camera.person = patient.face;
  camera.pose = {};
  let noMatches = 0;
  let view = patient.face === null ? await desk.refuseConsent(visitId) : await desk.giveConsent(visitId);
  let queue: Pose[] = [];
  let prompt: string | null = null;
  let cancelledIn: VisitView['phase'] | null = null;
  for (let frames = 0; !ended(view) && frames < MAX_FRAMES;) {
    switch (view.phase) {
      case 'faceGuidance':
      case 'liveness': {
        if (view.phase === 'liveness' && view.liveness) {
          const key = `${view.liveness.step}:${view.liveness.action}`;
          if (key !== prompt) {
            // A moment looking at the camera (calibration, or back to rest), then the movement.
            queue = [{}, {}, {}, ...posesFor(view.liveness.action)];
            prompt = key;
          }
        }
        camera.pose = queue.shift() ?? {};
        const started = performance.now();
        view = await desk.submitFrame(visitId, {
          data: new Uint8Array(64 * 48 * 3),
          width: 64,
          height: 48,
          format: 'rgb',
        });
        frames += 1;
        await sleep(Math.max(0, FRAME_MS - (performance.now() - started)));
        break;
      }
      case 'matching':
        await sleep(FRAME_MS);
        view = desk.view(visitId);
        break;
      case 'noMatch':
        noMatches += 1;
        prompt = null;
        view = await desk.act(visitId, view.attemptsLeft > 0 ? 'retryFace' : 'useCode');
        break;
      case 'codeSent':
        view = await desk.act(visitId, 'beginEntry');
        break;
      case 'codeEntry': {
        const code = phones.lastCode(patient.phone);
        if (code === null) throw new Error(`no code reached the phone of patient ${patient.id}`);
        view = await desk.submitCode(visitId, code);
        break;
      }
      default:
        // Nothing a cooperative patient can do here (delivery failed, rate limited, no template):
        // the doctor ends the visit, and it is reported as it ended.
        cancelledIn = view.phase;
        view = await desk.cancel(visitId);
    }
  }
  if (!ended(view)) {
    cancelledIn = view.phase;
    view = await desk.cancel(visitId);
  }
  camera.person = null;
  return { visitId, phase: view.phase, method: view.method, noMatches, cancelledIn };
}
