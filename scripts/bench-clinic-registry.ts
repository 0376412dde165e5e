/**
 * The registry half of `npm run bench:clinic`: a loader desk puts N patients, each with a template,
 * into the clinic through api.push_ops (ops as registry-outbox.ts builds them: the content sealed
 * under the clinic key, the IIN as its keyed lookup), then a new desk with its own SQLite file pulls
 * everything with RegistryPuller.pull() until the clinic has no more, and is ready when any
 * patient is found by IIN with a template.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { ClinicDeskApi } from '../src/core/clinic/desk-api.ts';
import type { RegistryOp } from '../src/core/clinic/protocol.ts';
import { clinicIinLookup, sealRecord, type ClinicKeys } from '../src/core/clinic-sync/clinic-seal.ts';
import { RegistryPuller } from '../src/core/clinic-sync/registry-pull.ts';
import { RegistryPusher } from '../src/core/clinic-sync/registry-push.ts';
import { binding, type PatientContent } from '../src/core/clinic-sync/registry-records.ts';
import { uuidv7 } from '../src/core/clinic-sync/uuidv7.ts';
import { defaultKioskConfig } from '../src/core/config/kiosk-config.ts';
import { keyFileProvider } from '../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../src/core/crypto/subkeys.ts';
import { offlineChannel } from '../src/core/delivery/offline-channel.ts';
import { encodeDescriptors } from '../src/core/enrolment/template-codec.ts';
import { DESCRIPTOR_LENGTH } from '../src/core/face/descriptor.ts';
import { loadDecisionRule } from '../src/core/face/decision-rule-file.ts';
import { openKioskServices, type KioskServices } from '../src/core/kiosk/kiosk-services.ts';
import { iinCheckDigit } from '../src/core/patients/iin.ts';
import { DATABASE_FILE_NAME } from '../src/core/store/database.ts';

/** Descriptors per template: an enrolment keeps up to five frames (MAX_ENROLMENT_FRAMES). */
const DESCRIPTORS = 5;
const MODEL_VERSION = 'bench-clinic';
/** Ops per api.push_ops call (the clinic takes up to 5000). */
const OPS_PER_CALL = 2000;

/** The i-th of up to a million distinct valid IINs (born 1960..1987; serials apart by 100). */
export function benchIin(i: number): { iin: string; birthDate: string } {
  const born = new Date(Date.UTC(1960, 0, 1) + (i % 10_000) * 86_400_000);
  const birthDate = born.toISOString().slice(0, 10);
  const centuryDigit = 2 * Math.floor((born.getUTCFullYear() - 1800) / 100) + 1 + (i % 2);
  const base = Math.floor(i / 10_000) * 100 + 1;
  for (let serial = base; serial < base + 100; serial += 1) {
    const first11 = `${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${centuryDigit}${String(serial).padStart(4, '0')}`;
    const check = iinCheckDigit([...first11].map(Number));
    if (check !== null) return { iin: `${first11}${check}`, birthDate };
  }
  throw new Error('unreachable: some serial in any 100 has a check digit');
}

function randomDescriptors(): Float32Array[] {
  return Array.from({ length: DESCRIPTORS }, () => {
    const d = Float32Array.from({ length: DESCRIPTOR_LENGTH }, () => Math.random() - 0.5);
    const norm = Math.hypot(...d);
    return d.map((v) => v / norm);
  });
}

/** The two ops of patient i: registered, then enrolled. */
function patientOps(i: number, keys: ClinicKeys, modelId: string): RegistryOp[] {
  const id = randomUUID();
  const { iin, birthDate } = benchIin(i);
  const createdAt = new Date().toISOString();
  const content: PatientContent = {
    iin,
    familyName: 'Бенчмарков',
    givenNames: `Пациент ${i}`,
    birthDate,
    birthDateDisagrees: 0,
    phone: null,
    legallyIncapacitated: 0,
    createdAt,
    language: null,
  };
  const templateId = randomUUID();
  const descriptors = encodeDescriptors(randomDescriptors()).toString('base64');
  return [
    {
      opId: uuidv7(),
      kind: 'patient.upsert',
      id,
      iinLookup: clinicIinLookup(keys, iin),
      sealed: sealRecord(keys, binding.patient(id), content),
    },
    {
      opId: uuidv7(),
      kind: 'template.enrol',
      id: templateId,
      patientId: id,
      modelId,
      modelVersion: MODEL_VERSION,
      sealed: sealRecord(keys, binding.template(templateId, id, modelId, MODEL_VERSION), {
        descriptors,
        createdAt,
      }),
    },
  ];
}

/** Loads `count` patients with templates through the loader desk; every op must be applied. */
export async function loadRegistry(
  loader: pg.ClientBase,
  keys: ClinicKeys,
  count: number,
  progress: (done: number) => void,
): Promise<number> {
  const api = new ClinicDeskApi(loader);
  const modelId = loadDecisionRule().modelId;
  const started = performance.now();
  const perCall = OPS_PER_CALL / 2;
  for (let from = 0; from < count; from += perCall) {
    const ops: RegistryOp[] = [];
    for (let i = from; i < Math.min(count, from + perCall); i += 1) ops.push(...patientOps(i, keys, modelId));
    const outcomes = await api.pushOps(ops);
    const refused = outcomes.find((o) => o.outcome !== 'applied');
    if (refused) throw new Error(`the clinic refused a registry op: ${JSON.stringify(refused)}`);
    progress(Math.min(count, from + perCall));
  }
  return performance.now() - started;
}

export interface NewDeskResult {
  readyMs: number;
  pages: number;
  applied: number;
  issues: number;
  patientsAtDesk: number;
}

/**
 * A new desk (its own SQLite file and desk key in a temp folder, clinic mode) pulls the whole
 * registry; ready once the pull is done and a random patient is found by IIN with a template.
 * With `ownEnrolments`, the desk first enrols that many patients of its own and pushes them, so
 * every pulled template (enrolled minutes before) is checked against them (cross-desk-duplicates.ts).
 */
export async function newDeskReady(
  deskClient: pg.ClientBase,
  deskName: string,
  keys: ClinicKeys,
  count: number,
  ownEnrolments = 0,
): Promise<NewDeskResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tanu-bench-desk-'));
  const services = openKioskServices({
    dbPath: join(dir, DATABASE_FILE_NAME),
    keys: deriveSubkeys(keyFileProvider(join(dir, 'data.key'), { create: true })),
    config: defaultKioskConfig({
      clinicId: 'bench',
      clinicName: 'Bench clinic',
      timeZone: 'Asia/Almaty',
      callNumber: '+7 727 300 00 00',
      deskId: deskName,
    }),
    face: { analyze: () => Promise.reject(new Error('no camera in the benchmark')) },
    rule: loadDecisionRule(),
    modelVersion: MODEL_VERSION,
    gateway: offlineChannel,
    outboxIntervalMs: null,
    retentionIntervalMs: null,
    clinicKeys: keys,
  });
  try {
    // As the runtime wires it: the cross-desk duplicate check, then the 1:N index.
    if (services.pullHooks === null) throw new Error('the bench desk has no pull hooks');
    const puller = new RegistryPuller({
      store: services.store,
      api: new ClinicDeskApi(deskClient),
      deskKeys: services.keys,
      clinicKeys: keys,
      clock: services.clock,
      ...services.pullHooks,
    });
    if (ownEnrolments > 0) {
      enrolOwn(services, ownEnrolments, count);
      const pushed = await new RegistryPusher({
        store: services.store,
        api: new ClinicDeskApi(deskClient),
        clock: services.clock,
      }).push();
      if (pushed.pending > 0 || pushed.rejected.length > 0)
        throw new Error(`the desk's own enrolments were not all applied: ${JSON.stringify(pushed)}`);
    }
    const probe = benchIin(Math.floor(Math.random() * count)).iin;
    const started = performance.now();
    const totals = { pages: 0, applied: 0, issues: 0 };
    // Until all of it is applied (a pull that brings nothing new is not proof that nothing is
    // pending) and the probe is found.
    for (;;) {
      const report = await puller.pull();
      totals.pages += report.pages;
      totals.applied += report.applied;
      totals.issues += report.issues;
      const patient = totals.applied >= 2 * count ? services.patients.findByIin(probe) : null;
      if (patient && services.templates.has(patient.id)) break;
      if (performance.now() - started > 600_000) throw new Error('the new desk was not ready in 10 minutes');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const readyMs = performance.now() - started;
    const patientsAtDesk = services.store.rows.clinicRegistry.patientIds().length;
    return { readyMs, ...totals, patientsAtDesk };
  } finally {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `n` patients registered here, each with a template saved and indexed as an enrolment saves it
 * (IINs after the registry's `from`). Random faces: the enrolment's own 1:N check would pass them.
 */
function enrolOwn(services: KioskServices, n: number, from: number): void {
  const system = { operatorId: 'system', deskId: services.config.desk.id };
  for (let j = 0; j < n; j += 1) {
    const { iin, birthDate } = benchIin(from + j);
    const patient = services.patients.register(
      {
        iin,
        familyName: 'Өздікова',
        givenNames: 'Өздік',
        birthDate,
        phone: 'none',
        legallyIncapacitated: false,
      },
      system,
    );
    const descriptors = randomDescriptors();
    services.templates.save(
      patient.id,
      { modelId: services.rule.modelId, descriptors },
      services.modelVersion,
      system,
    );
    services.index.set(patient.id, descriptors);
  }
}

/** A fresh random clinic data key for the run (never stored). */
export const benchClinicKey = (): Buffer => randomBytes(32);
