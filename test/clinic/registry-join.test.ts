/**
 * A desk that has worked alone for a while joins the clinic: its database gains migration 013 on
 * opening, its existing registry (operators, patients, links, consents, templates made before any
 * clinic id existed) is queued once and pushed, and a desk of the clinic pulls all of it.
 */
import { afterAll, expect, it } from 'vitest';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-seal.ts';
import { RegistryPusher } from '../../src/core/clinic-sync/registry-push.ts';
import type { KioskServices } from '../../src/core/kiosk/kiosk-services.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';
import { openClinicDesk, openDeskServices } from '../support/clinic-desk.ts';
import { nearDescriptor, randomDescriptor } from '../support/descriptors.ts';
import { GOOD_VERDICT } from '../support/quality.ts';
import { newPatient } from '../support/registry.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('registry_join');
const tempDir = useTempDir('registry-join');
const open: KioskServices[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

describeClinic('a desk joining the clinic with a registry of its own', () => {
  it('queues what it has once, pushes it, and another desk pulls all of it', async () => {
    const keys = deriveClinicKeys(newClinicKey());
    const dir = tempDir();
    const role = await clinic.addDesk('veteran');
    const alone = openDeskServices(dir, role.name);
    const system = { operatorId: 'system', deskId: role.name };
    const admin = alone.operators.create(
      { login: 'admin-v', displayName: 'A', role: 'admin', secret: 'long enough secret' },
      system,
    );
    const registrar = alone.operators.create(
      { login: 'reg-v', displayName: 'R', role: 'registrar', secret: 'long enough secret' },
      { operatorId: admin.id, deskId: role.name },
    );
    const actor = { operatorId: registrar.id, deskId: role.name };
    const child = alone.patients.register(newPatient({ birthDate: '2020-05-05' }), actor);
    const parent = alone.patients.register(newPatient({ birthDate: '1985-05-05' }), actor);
    alone.representatives.link(
      {
        patientId: child.id,
        representativeId: parent.id,
        relation: 'parent',
        proof: { kind: 'birth_certificate', reference: 'I-АЛ 0123456' },
      },
      actor,
    );
    alone.consents.record(
      { patientId: parent.id, givenBy: parent.id, decision: 'given', purpose: 'face_identification' },
      actor,
    );
    const base = randomDescriptor();
    const frames = [0, 1, 2].map(() => ({ descriptor: nearDescriptor(base, 0.05), quality: GOOD_VERDICT }));
    expect(alone.enrolment.enrol(parent.id, frames, actor).outcome).toBe('enrolled');
    expect(alone.store.rows.clinicOps.pendingCount()).toBe(0);
    await alone.close();

    const joined = openDeskServices(dir, role.name, keys);
    open.push(joined);
    const queued = joined.store.write((tx) => joined.clinicOutbox?.enqueueExisting(tx));
    // 2 operators, 2 patients, 1 link, 1 consent, 1 template; and never a second time.
    expect(queued).toBe(7);
    expect(joined.store.write((tx) => joined.clinicOutbox?.enqueueExisting(tx))).toBe(0);
    const pusher = new RegistryPusher({ store: joined.store, api: await role.api(), clock: joined.clock });
    expect(await pusher.push()).toMatchObject({ applied: 7, rejected: [] });

    const other = await openClinicDesk(tempDir(), await clinic.addDesk('newcomer'), keys);
    open.push(other.services);
    expect(await other.puller.pull()).toMatchObject({ applied: 7, issues: 0 });
    const s = other.services;
    expect(s.patients.get(child.id).minorUnder14).toBe(true);
    expect(s.representatives.of(child.id).map((r) => r.representativeId)).toEqual([parent.id]);
    expect(s.consents.isGiven(parent.id)).toBe(true);
    expect(s.templates.load(parent.id, s.rule.modelId, s.modelVersion).descriptors).toHaveLength(3);
    expect(s.operators.authenticate('reg-v', 'long enough secret', other.role.name).id).toBe(registrar.id);
  });
});
