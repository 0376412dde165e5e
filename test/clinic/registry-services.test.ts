/**
 * The registry wired by the composition root (openKioskServices with a clinic database, its
 * password and the clinic key): no pusher, puller or listener is built by hand. A patient enrolled
 * at one desk reaches the other's registry and its 1:N index by the sync's own rounds and the
 * clinic's NOTIFY.
 */
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-seal.ts';
import { defaultKioskConfig } from '../../src/core/config/kiosk-config.ts';
import { keyFileProvider } from '../../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../../src/core/crypto/subkeys.ts';
import { offlineChannel } from '../../src/core/delivery/offline-channel.ts';
import { loadDecisionRule } from '../../src/core/face/decision-rule-file.ts';
import { openKioskServices, type KioskServices } from '../../src/core/kiosk/kiosk-services.ts';
import { DATABASE_FILE_NAME } from '../../src/core/store/database.ts';
import { clinicDatabaseOf, describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';
import { nearDescriptor, randomDescriptor } from '../support/descriptors.ts';
import { GOOD_VERDICT } from '../support/quality.ts';
import { newPatient } from '../support/registry.ts';
import { FAST_SCRYPT, NO_FACE } from '../support/runtime.ts';
import { manualClock } from '../support/store.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('registry_services');
const tempDir = useTempDir('registry-services');
const keys = deriveClinicKeys(newClinicKey());
const open: KioskServices[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

function servicesOf(desk: TestDesk): KioskServices {
  const dir = tempDir();
  const site = {
    clinicId: 'pol-5',
    clinicName: 'Емхана №5',
    timeZone: 'Asia/Almaty',
    callNumber: '+7 727 300 00 00',
  };
  const s = openKioskServices({
    dbPath: join(dir, DATABASE_FILE_NAME),
    keys: deriveSubkeys(keyFileProvider(join(dir, 'data.key'), { create: true })),
    config: {
      ...defaultKioskConfig({ ...site, deskId: desk.name }),
      clinicDatabase: clinicDatabaseOf(desk),
    },
    face: NO_FACE,
    rule: loadDecisionRule(),
    modelVersion: 'tanu-test',
    gateway: offlineChannel,
    clock: manualClock(),
    scrypt: FAST_SCRYPT,
    outboxIntervalMs: null,
    retentionIntervalMs: null,
    clinicPassword: desk.password,
    // The rounds' own timer, slow: what arrives sooner came by NOTIFY.
    clinicIntervalMs: 60_000,
    clinicKeys: keys,
  });
  open.push(s);
  return s;
}

describeClinic('the registry in the composition root', () => {
  it('a patient enrolled at one desk is in the other desk’s registry and 1:N index by itself', async () => {
    const a = servicesOf(await clinic.addDesk('svc-a'));
    const b = servicesOf(await clinic.addDesk('svc-b'));
    const system = { operatorId: 'system', deskId: a.config.desk.id };
    const admin = a.operators.create(
      { login: 'adm-a', displayName: 'A', role: 'admin', secret: 'long enough secret' },
      system,
    );
    const actor = { operatorId: admin.id, deskId: a.config.desk.id };
    const registrar = a.operators.create(
      { login: 'reg-a', displayName: 'R', role: 'registrar', secret: 'long enough secret' },
      actor,
    );
    const by = { operatorId: registrar.id, deskId: a.config.desk.id };
    const p = a.patients.register(newPatient(), by);
    a.consents.record(
      { patientId: p.id, givenBy: p.id, decision: 'given', purpose: 'face_identification' },
      by,
    );
    const base = randomDescriptor();
    const frames = [0, 1, 2].map(() => ({ descriptor: nearDescriptor(base, 0.05), quality: GOOD_VERDICT }));
    expect(a.enrolment.enrol(p.id, frames, by).outcome).toBe('enrolled');
    // What the end of a visit or a registration does in the app: ask for a round now.
    await a.clinicLink?.sync();
    expect(a.clinicLink?.unsent().changes).toBe(0);
    await expect.poll(() => b.templates.has(p.id), { timeout: 10_000 }).toBe(true);
    expect(b.index.size).toBe(1);
    expect(b.patients.get(p.id).iin).toBe(p.iin);
    expect(b.clinicLink?.state()).toBe('online');
  });
});
