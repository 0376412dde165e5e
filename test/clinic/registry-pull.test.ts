/**
 * RegistryPuller's promises against the real clinic database, with desks as the composition root
 * builds them: a page applied in one go unless a change in it fails, and then change by change, the
 * failed one a pull issue and the rest of the page applied; a page applied again changes nothing;
 * a page whose transaction fails leaves the cursor before it, and the page already fetched after it
 * is dropped, so the next pull repeats that page and skips nothing; a change of a row with a local
 * op still pending is left out; a desk that is behind asks for bigger pages.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import type { PullCursor } from '../../src/core/clinic/protocol.ts';
import {
  clinicIinLookup,
  deriveClinicKeys,
  newClinicKey,
  sealRecord,
  type ClinicKeys,
} from '../../src/core/clinic-sync/clinic-seal.ts';
import { RegistryPuller, type RegistryPullerDeps } from '../../src/core/clinic-sync/registry-pull.ts';
import { binding, type PatientContent } from '../../src/core/clinic-sync/registry-records.ts';
import { describeClinic, useClinicDb, uuidv7 } from '../support/clinic-db.ts';
import { openClinicDesk, type ClinicTestDesk } from '../support/clinic-desk.ts';
import { nearDescriptor, randomDescriptor } from '../support/descriptors.ts';
import { GOOD_VERDICT } from '../support/quality.ts';
import { newPatient } from '../support/registry.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('registry_pull');
const tempDir = useTempDir('registry-pull');
let keys: ClinicKeys;
let writer: ClinicTestDesk;
let reader: ClinicTestDesk;
let readerApi: ClinicDeskApi;

/** A puller of the reader's store over its own api, with the options a test needs. */
function puller(options: Partial<RegistryPullerDeps> = {}): RegistryPuller {
  return new RegistryPuller({
    store: reader.services.store,
    api: readerApi,
    deskKeys: reader.services.keys,
    clinicKeys: keys,
    clock: reader.services.clock,
    ...options,
  });
}

/** Patients registered at the writer, each enrolled (consent and template), pushed. */
async function writePatients(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => {
    const p = writer.services.patients.register(newPatient(), writer.actor);
    writer.services.consents.record(
      { patientId: p.id, givenBy: p.id, decision: 'given', purpose: 'face_identification' },
      writer.actor,
    );
    const base = randomDescriptor();
    const frames = [0, 1, 2].map(() => ({ descriptor: nearDescriptor(base, 0.05), quality: GOOD_VERDICT }));
    expect(writer.services.enrolment.enrol(p.id, frames, writer.actor).outcome).toBe('enrolled');
    return p.id;
  });
  expect((await writer.pusher.push()).rejected).toEqual([]);
  return ids;
}

/** What the reader holds, as it reads it: opened rows, not ciphertext (a reseal draws a new IV). */
function readerState(): unknown {
  const db = reader.services.store.connection;
  const ids = db.prepare('SELECT id FROM patient ORDER BY id').pluck().all() as string[];
  return {
    patients: ids.map((id) => reader.services.patients.get(id)),
    templates: db
      .prepare(
        'SELECT patient_id, model_id, model_version, created_at, clinic_id FROM face_template ORDER BY clinic_id',
      )
      .all(),
    consents: db.prepare('SELECT * FROM consent ORDER BY id').all(),
    issues: reader.services.store.rows.clinicPull.issues(),
    indexed: ids.filter((id) => reader.services.templates.has(id)),
  };
}

const holds = (id: string) => reader.services.patients.exists(id);

beforeAll(async () => {
  keys = deriveClinicKeys(newClinicKey());
  writer = await openClinicDesk(tempDir(), await clinic.addDesk('writer'), keys, { withOperators: true });
  reader = await openClinicDesk(tempDir(), await clinic.addDesk('reader'), keys);
  readerApi = await reader.role.api();
  await writer.pusher.push();
  await puller().pull();
});

afterAll(async () => {
  for (const desk of [writer, reader]) await desk?.services.close();
});

describeClinic('registry pull', () => {
  it('a page that fails part-way records the change as an issue and applies the rest of it', async () => {
    const [first] = await writePatients(1);
    // Between them, a patient sealed under another clinic's key: the reader cannot open it.
    const strangerId = randomUUID();
    const other = deriveClinicKeys(newClinicKey());
    const content: PatientContent = {
      iin: newPatient().iin,
      familyName: 'Бөтен',
      givenNames: 'Кілт',
      birthDate: '1990-01-01',
      birthDateDisagrees: 0,
      phone: null,
      legallyIncapacitated: 0,
      createdAt: new Date().toISOString(),
      language: null,
    };
    const refused = await (
      await writer.role.api()
    ).pushOps([
      {
        opId: uuidv7(),
        kind: 'patient.upsert',
        id: strangerId,
        iinLookup: clinicIinLookup(keys, content.iin),
        sealed: sealRecord(other, binding.patient(strangerId), content),
      },
    ]);
    expect(refused).toMatchObject([{ outcome: 'applied' }]);
    const after = await writePatients(2);

    // One page: 3 patients' rows (patient, consent, template each) and the stranger.
    const report = await puller({ pageSize: 50, catchUpPageSize: 50 }).pull();
    expect(report).toMatchObject({ pages: 1, applied: 9, issues: 1, skipped: 0 });
    const issues = reader.services.store.rows.clinicPull.issues();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'patient', entity: `patient:${strangerId}` });
    expect(issues[0]?.reason).toMatch(/does not authenticate/);
    expect(holds(strangerId)).toBe(false);
    // Those before the failed change as well as those after it, each with its template.
    for (const id of [first as string, ...after]) {
      expect(holds(id)).toBe(true);
      expect(reader.services.templates.has(id)).toBe(true);
    }
  });

  it('a page applied again changes nothing', async () => {
    const cursor = puller().cursor() as PullCursor;
    await writePatients(3);
    const once = await puller().pull();
    expect(once).toMatchObject({ applied: 9, issues: 0 });
    const state = readerState();
    const cursorAfter = puller().cursor();

    // As if the cursor had not been kept with the page (a crash just before the commit).
    reader.services.store.write((tx) =>
      reader.services.store.rows.clinicPull.setCursor(tx, JSON.stringify(cursor), new Date().toISOString()),
    );
    const twice = await puller().pull();
    expect(twice).toMatchObject({ applied: 9, issues: 0 });
    expect(readerState()).toEqual(state);
    expect(puller().cursor()).toEqual(cursorAfter);
  });

  it('a page whose transaction fails is pulled again whole, and the page fetched after it is dropped', async () => {
    const ids = await writePatients(4);
    // Two changes a page; the second page's transaction fails (its clock throws) while the third
    // has already been asked for.
    let calls = 0;
    const failing = puller({
      pageSize: 2,
      catchUpPageSize: 2,
      clock: {
        now: () => {
          calls += 1;
          if (calls === 2) throw new Error('the clock failed');
          return new Date();
        },
      },
    });
    await expect(failing.pull()).rejects.toThrow('the clock failed');
    // Page 1 (the first patient's row and consent) kept with its cursor; nothing after it.
    expect(holds(ids[0] as string)).toBe(true);
    expect(reader.services.templates.has(ids[0] as string)).toBe(false);
    for (const id of ids.slice(1)) expect(holds(id)).toBe(false);

    const again = await failing.pull();
    expect(again).toMatchObject({ applied: 12 - 2, issues: 0 });
    for (const id of ids) {
      expect(holds(id)).toBe(true);
      expect(reader.services.templates.has(id)).toBe(true);
    }
  });

  it('leaves out a change of a row whose local op is still pending', async () => {
    const [id] = (await writePatients(1)) as [string];
    await puller().pull();
    // The reader chooses a language (its op waits here); the writer chooses another, pushed first.
    reader.services.languages.remember(id, 'kk');
    writer.services.languages.remember(id, 'en');
    await writer.pusher.push();
    const report = await puller().pull();
    expect(report).toMatchObject({ applied: 0, skipped: 1, issues: 0 });
    expect(reader.services.store.rows.patients.language(id)).toBe('kk');
  });

  it('asks for bigger pages while behind: on its first pull, and after a page that came full', async () => {
    const asked: number[] = [];
    const api = {
      pull: (cursor: PullCursor | null, maxRows?: number) => {
        asked.push(maxRows as number);
        return readerApi.pull(cursor, maxRows);
      },
    };
    // A desk with no cursor yet: catching up from its first page.
    const fresh = await openClinicDesk(tempDir(), await clinic.addDesk('fresh'), keys);
    try {
      const firstPull = new RegistryPuller({
        store: fresh.services.store,
        api,
        deskKeys: fresh.services.keys,
        clinicKeys: keys,
        clock: fresh.services.clock,
        pageSize: 3,
        catchUpPageSize: 1000,
      });
      expect((await firstPull.pull()).pages).toBe(1);
      expect(asked).toEqual([1000]);
    } finally {
      await fresh.services.close();
    }

    asked.length = 0;
    await writePatients(2);
    // Up to date: the small page first; it comes full, so the next is a big one.
    expect(await puller({ api, pageSize: 3, catchUpPageSize: 1000 }).pull()).toMatchObject({
      pages: 2,
      applied: 6,
    });
    expect(asked).toEqual([3, 1000]);
  });
});
