/**
 * The kiosk's back end as the app runs it, minus Electron: a real KioskRuntime on a real SQLite
 * file in a temp folder, the real face engine in a worker thread, the gateway client talking to
 * the fake gateway on 127.0.0.1, and the real router whose trusted sender is the test server's
 * origin. Setup is completed, a doctor and a registrar exist, and nobody is signed in; patients
 * are registered and enrolled through the runtime's own services, from committed photos.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../../../src/core/audit/actor.ts';
import type { Clock } from '../../../src/core/clock.ts';
import { GatewayClient } from '../../../src/core/delivery/gateway-client.ts';
import { engineAnalyzerPort, type EngineAnalyzerPort } from '../../../src/core/face/engine-analyzer-port.ts';
import { FaceEngine } from '../../../src/core/face/face-engine.ts';
import { decodeImage } from '../../../src/core/face/image-decode.ts';
import type { LivenessConfig } from '../../../src/core/liveness/config.ts';
import type { Operator } from '../../../src/core/operators/operators.ts';
import type { NewPatient, Patient } from '../../../src/core/patients/patients.ts';
import { createKioskRouter } from '../../../src/main/ipc/kiosk-router.ts';
import type { IpcRouter } from '../../../src/main/ipc/router.ts';
import { trustedSenderCheck } from '../../../src/main/ipc/trusted-sender.ts';
import type { KioskRuntime } from '../../../src/main/runtime/kiosk-runtime.ts';
import type { RawFrame } from '../../../src/shared/face.ts';
import type { IPC_CONTRACT } from '../../../src/shared/ipc/channels.ts';
import { startFakeGateway, type FakeGateway } from '../../fakes/fake-gateway.ts';
import { FACE_FIXTURES, MODELS_DIR } from '../../support/paths.ts';
import { newPatient } from '../../support/registry.ts';
import { testRuntime, type PresetFiles, type RecordingPrinter } from '../../support/runtime.ts';

export const APP_VERSION = '0.0.0-e2e';
export const DESK_ID = 'desk-e2e';

/** Sign-in details of the operators every fixture has. */
export const OPERATORS = {
  admin: { login: 'admin', displayName: 'Әкімші Админ', secret: 'admin-secret-e2e' },
  doctor: { login: 'doctor', displayName: 'Дәрігер Айгүл', secret: 'doctor-secret-e2e' },
  registrar: { login: 'registrar', displayName: 'Тіркеуші Нұржан', secret: 'registrar-secret-e2e' },
} as const;

/** Committed photos of one person that pass the quality gate, for enrolment (3 are needed). */
export const ENROLMENT_PHOTOS = {
  obama: ['obama/obama.jpg', 'obama/obama_small.jpg', 'obama/obama.jpg@0.75'],
  biden: ['biden/biden2.jpg', 'biden/biden.jpg', 'biden/biden2.jpg@0.75'],
} as const;

export interface KioskFixtureOptions {
  /** Temp folder for the database, key and configuration. */
  dir: string;
  /** The only origin whose main frame may call IPC: the static server's. */
  trustedOrigin: string;
  /** Pins the liveness challenge draw (see drawChallenge). */
  random?: () => number;
  liveness?: LivenessConfig;
  clock?: Clock;
}

export interface KioskFixture {
  runtime: KioskRuntime;
  router: IpcRouter<typeof IPC_CONTRACT>;
  printer: RecordingPrinter;
  /** The admin's file dialogs (backup, transfer file): set the path the next one answers with. */
  files: PresetFiles;
  gateway: FakeGateway;
  face: EngineAnalyzerPort;
  operators: { admin: Operator; doctor: Operator; registrar: Operator };
  /** What the router logged (channel names and codes only). */
  routerLog: { warn: string[]; error: string[] };
  /** Registers a patient as the registrar would (a valid adult with a phone unless overridden). */
  registerPatient(overrides?: Partial<NewPatient>): Patient;
  /**
   * Enrols a patient's face from committed photos ("name.jpg", or "name.jpg@0.75" for a smaller
   * capture), after recording the patient's consent, through the real engine.
   */
  enrol(patientId: string, photos: readonly string[], consentBy?: string): Promise<void>;
  /** Links a parent to a child's record, with a birth certificate as proof. */
  linkParent(childId: string, parentId: string): void;
  /** The six digits of the last code the fake gateway delivered to `phone` (E.164), or null. */
  lastCodeSentTo(phone: string): string | null;
  /**
   * The desk's newest audit rows (event, method, distance, detail), newest last: what a failed UI
   * test prints to say why a visit went where it did.
   */
  recentAudit(count?: number): string[];
  close(): Promise<void>;
}

/** A committed photo as the engine would get it from a webcam: RGB, at most 640×480, optionally scaled. */
export function photoFrame(spec: string): Promise<RawFrame> {
  const [name, scaleText] = spec.split('@') as [string, string | undefined];
  const scale = scaleText === undefined ? 1 : Number(scaleText);
  return decodeImage(readFileSync(join(FACE_FIXTURES, name)), {
    fitInside: { width: Math.round(640 * scale), height: Math.round(480 * scale) },
  });
}

export async function openKioskFixture(options: KioskFixtureOptions): Promise<KioskFixture> {
  const gateway = await startFakeGateway();
  const face = engineAnalyzerPort(FaceEngine.start({ modelsDir: MODELS_DIR }));
  const client = new GatewayClient(
    { baseUrl: gateway.url, token: gateway.token, timeoutMs: 2000, maxAttempts: 2, backoffBaseMs: 1 },
    { random: () => 0 },
  );
  const { runtime, printer, files } = testRuntime(options.dir, {
    face,
    gateway: client,
    ...(options.random ? { random: options.random } : {}),
    ...(options.liveness ? { liveness: options.liveness } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  try {
    await face.ready();
    const admin = await runtime.completeSetup({
      clinicId: 'clinic-e2e',
      clinicName: 'Емхана №5',
      timeZone: 'Asia/Almaty',
      callNumber: '+7 727 000 00 00',
      deskId: DESK_ID,
      admin: OPERATORS.admin,
    });
    const services = runtime.services();
    const adminActor: Actor = { operatorId: admin.id, deskId: DESK_ID };
    const doctor = services.operators.create({ ...OPERATORS.doctor, role: 'doctor' }, adminActor);
    const registrar = services.operators.create({ ...OPERATORS.registrar, role: 'registrar' }, adminActor);
    await runtime.signOut();
    const registrarActor: Actor = { operatorId: registrar.id, deskId: DESK_ID };
    const routerLog = { warn: [] as string[], error: [] as string[] };
    const router = createKioskRouter({
      app: { getVersion: () => APP_VERSION },
      platform: 'linux',
      runtime,
      isTrustedSender: trustedSenderCheck(options.trustedOrigin),
      logger: { warn: (m) => routerLog.warn.push(m), error: (m) => routerLog.error.push(m) },
    });
    return {
      runtime,
      router,
      printer,
      files,
      gateway,
      face,
      operators: { admin, doctor, registrar },
      routerLog,
      registerPatient: (overrides = {}) => services.patients.register(newPatient(overrides), registrarActor),
      enrol: async (patientId, photos, consentBy = patientId) => {
        const captures = runtime.services().captures;
        const id = captures.start(patientId, consentBy, registrarActor);
        for (const photo of photos) {
          const progress = await captures.addFrame(id, await photoFrame(photo), registrarActor);
          if (progress.guidance.length > 0)
            throw new Error(`${photo} failed the gate: ${progress.guidance.join()}`);
        }
        const { outcome } = captures.finish(id, registrarActor);
        if (outcome !== 'enrolled') throw new Error(`Enrolment ended as ${outcome}`);
      },
      linkParent: (childId, parentId) => {
        services.representatives.link(
          {
            patientId: childId,
            representativeId: parentId,
            relation: 'parent',
            proof: { kind: 'birth_certificate', reference: 'I-АЛ 0123456' },
          },
          registrarActor,
        );
      },
      lastCodeSentTo: (phone) => {
        const sent = gateway.deliveries.filter((d) => d.kind === 'code' && d.to === phone).at(-1);
        return sent ? (/\b(\d{6})\b/.exec(sent.text)?.[1] ?? null) : null;
      },
      recentAudit: (count = 12) =>
        (
          runtime
            .services()
            .store.connection.prepare(
              'SELECT seq, event, method, distance, threshold, detail FROM audit_log ORDER BY seq DESC LIMIT ?',
            )
            .all(count) as Record<string, unknown>[]
        )
          .reverse()
          .map((row) => JSON.stringify(row)),
      close: async () => {
        await runtime.close();
        await face.close();
        await gateway.close();
      },
    };
  } catch (error) {
    await runtime.close();
    await face.close();
    await gateway.close();
    throw error;
  }
}
