/**
 * The desk's own events in the audit trail, driven through the real router and runtime on real
 * SQLite: the start (once per start, not when settings rebuild the services), a change of webcam,
 * which settings keys changed, which account was created or unlocked, and every patient record a
 * look-up shows, with the per-operator look-up limit (refused and audited over it, free again
 * once the window has passed). No row carries a name, an IIN or a device id.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type Json } from '../../../src/core/audit/canonical-json.ts';
import { loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';
import { LOOKUP_LIMIT } from '../../../src/core/patients/patient-lookups.ts';
import { deskOn, SECRET, staff, type Desk } from '../../support/router-desk.ts';
import { newPatient } from '../../support/registry.ts';
import { APP_VERSION } from '../../support/runtime.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('desk-audit-events');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const details = (desk: Desk, event: string) =>
  desk.audited(event).map((r) => (r.detail === null ? null : (JSON.parse(r.detail) as unknown)));
const allRows = (desk: Desk) =>
  JSON.stringify(desk.runtime.services().store.connection.prepare('SELECT * FROM audit_log').all());

describe('app_started', () => {
  it('once per start, naming version, pipeline, rule and mode; a settings rebuild is no start', async () => {
    const desk = await staff(deskOn(tempDir()));
    const rule = loadDecisionRule();
    const started = {
      version: APP_VERSION,
      pipeline: 'tanu-test',
      rule: sha256(canonicalJson(JSON.parse(JSON.stringify(rule)) as Json)),
      threshold: rule.threshold,
      mode: 'single',
    };
    // The first start is the setup's.
    expect(details(desk, 'app_started')).toEqual([started]);
    expect(desk.audited('app_started')[0]?.operatorId).toBe('system');
    await desk.value('session:signIn', { login: 'admin', secret: SECRET });
    // maxFaceAttempts rebuilds the services: still the same start.
    await desk.value('admin:updateSettings', { maxFaceAttempts: 2 });
    expect(details(desk, 'app_started')).toHaveLength(1);
    await desk.runtime.close();
    const again = deskOn(desk.dir, desk.clock);
    expect(details(again, 'app_started')).toEqual([started, started]);
    expect(again.runtime.services().verifyAudit().ok).toBe(true);
  });
});

describe('settings and camera', () => {
  it('names the keys that changed, never their values; a camera change says from which to which by hash', async () => {
    const desk = await staff(deskOn(tempDir()));
    await desk.value('session:signIn', { login: 'admin', secret: SECRET });
    const admin = desk.operatorId('admin');
    await desk.value('admin:updateSettings', { retentionDays: 400, slipAllowed: false, logLevel: 'info' });
    // Saved as it was: nothing changed, nothing audited.
    await desk.value('admin:updateSettings', { retentionDays: 400 });
    await desk.value('admin:updateSettings', { cameraDeviceId: 'usb-cam-1' });
    expect(details(desk, 'settings_changed')).toEqual([
      { keys: ['slipAllowed', 'retentionDays'] },
      { keys: ['cameraDeviceId'] },
    ]);
    // Any operator may pick the webcam: the doctor plugs in another one.
    await desk.value('session:signIn', { login: 'dr.bekova', secret: SECRET });
    await desk.value('camera:setDevice', { deviceId: 'usb-cam-2' });
    await desk.value('camera:setDevice', { deviceId: 'usb-cam-2' });
    await desk.value('camera:setDevice', { deviceId: null });
    expect(desk.audited('camera_changed').map((r) => r.operatorId)).toEqual([
      admin,
      desk.operatorId('dr.bekova'),
      desk.operatorId('dr.bekova'),
    ]);
    expect(details(desk, 'camera_changed')).toEqual([
      { from: null, to: sha256('usb-cam-1') },
      { from: sha256('usb-cam-1'), to: sha256('usb-cam-2') },
      { from: sha256('usb-cam-2'), to: null },
    ]);
    expect(allRows(desk)).not.toMatch(/usb-cam/);
  });
});

describe('accounts', () => {
  it('a created or unlocked account is named in the row of whoever did it', async () => {
    const desk = await staff(deskOn(tempDir()));
    const admin = desk.operatorId('admin');
    const doctor = desk.operatorId('dr.bekova');
    expect(desk.audited('operator_created')).toEqual([
      { operatorId: 'system', detail: JSON.stringify({ account: admin }) },
      { operatorId: admin, detail: JSON.stringify({ account: doctor }) },
      { operatorId: admin, detail: JSON.stringify({ account: desk.operatorId('reg.saule') }) },
    ]);
    for (let n = 0; n < 5; n += 1)
      await desk.call('session:signIn', { login: 'dr.bekova', secret: 'wrong one' });
    await desk.value('session:signIn', { login: 'admin', secret: SECRET });
    await desk.value('admin:unlockOperator', { operatorId: doctor });
    expect(desk.audited('operator_unlocked')).toEqual([
      { operatorId: admin, detail: JSON.stringify({ account: doctor }) },
    ]);
  });
});

describe('patient look-ups', () => {
  it('every record shown is audited with its means; over the limit the look-up is refused, audited, and free again later', async () => {
    const desk = await staff(deskOn(tempDir()));
    await desk.value('session:signIn', { login: 'reg.saule', secret: SECRET });
    const registrar = desk.operatorId('reg.saule');
    const mother = newPatient({ familyName: 'Омарова', phone: '+77019876543' });
    const child = newPatient({ familyName: 'Омарова', birthDate: '2018-05-05', phone: 'none' });
    const motherId = (await desk.value<{ id: string }>('patient:register', mother)).id;
    const childId = (await desk.value<{ id: string }>('patient:register', child)).id;
    await desk.value('patient:linkRepresentative', {
      patientId: childId,
      representativeId: motherId,
      relation: 'parent',
      proof: { kind: 'birth_certificate', reference: 'I-АЛ 0123456' },
    });
    // Registering shows the record the registrar typed in: not a look-up.
    expect(desk.audited('patient_viewed')).toEqual([]);

    await desk.value('session:signIn', { login: 'dr.bekova', secret: SECRET });
    const doctor = desk.operatorId('dr.bekova');
    expect(await desk.value('patient:findByIin', { iin: mother.iin })).toHaveLength(1);
    expect(await desk.value('patient:findByName', { familyName: 'Омарова' })).toHaveLength(2);
    expect(await desk.value('patient:representatives', { patientId: childId })).toHaveLength(1);
    // Nothing found, nothing shown: nothing viewed.
    expect(await desk.value('patient:findByName', { familyName: 'Жоқ' })).toEqual([]);
    const viewed = () =>
      desk.runtime
        .services()
        .store.connection.prepare(
          "SELECT operator_id AS o, patient_id AS p, detail FROM audit_log WHERE event = 'patient_viewed' ORDER BY seq",
        )
        .all() as { o: string; p: string; detail: string }[];
    const means = (m: string) => JSON.stringify({ means: m });
    expect(viewed().map((r) => [r.o, r.detail])).toEqual([
      [doctor, means('iin')],
      [doctor, means('name')],
      [doctor, means('name')],
      [doctor, means('representative')],
    ]);
    expect(viewed().map((r) => r.p)).toEqual([motherId, expect.any(String), expect.any(String), motherId]);
    expect(
      new Set(
        viewed()
          .slice(1, 3)
          .map((r) => r.p),
      ),
    ).toEqual(new Set([motherId, childId]));

    // Up to the limit in the window (four seen, at the same time), then refused; the refusal is
    // audited, nothing shown.
    for (let n = 4; n < LOOKUP_LIMIT.records; n += 1) {
      desk.clock.advance(1000);
      await desk.value('patient:findByIin', { iin: child.iin });
    }
    const limited = { ok: false, code: 'LOOKUP_RATE_LIMITED' };
    expect(await desk.call('patient:findByIin', { iin: child.iin })).toEqual(limited);
    expect(await desk.call('patient:representatives', { patientId: childId })).toEqual(limited);
    expect(viewed()).toHaveLength(LOOKUP_LIMIT.records);
    expect(details(desk, 'patient_lookup_refused')).toEqual([{ means: 'iin' }, { means: 'representative' }]);
    // The limit is the operator's own: the registrar still looks patients up.
    await desk.value('session:signIn', { login: 'reg.saule', secret: SECRET });
    expect(await desk.value('patient:findByIin', { iin: child.iin })).toHaveLength(1);
    expect(desk.audited('patient_viewed').filter((r) => r.operatorId === registrar)).toHaveLength(1);

    // A restart does not reset it (the count is the trail's): the doctor is still refused ...
    await desk.runtime.close();
    const again = deskOn(desk.dir, desk.clock);
    await again.value('session:signIn', { login: 'dr.bekova', secret: SECRET });
    expect(await again.call('patient:findByIin', { iin: child.iin })).toEqual(limited);
    // ... until the first four views leave the rolling window: room for four records. A search
    // showing more than the room left is refused whole.
    again.clock.advance(LOOKUP_LIMIT.windowMs - (LOOKUP_LIMIT.records - 4) * 1000 + 1);
    expect(await again.value('patient:findByName', { familyName: 'Омарова' })).toHaveLength(2);
    expect(await again.value('patient:findByIin', { iin: child.iin })).toHaveLength(1);
    expect(await again.call('patient:findByName', { familyName: 'Омарова' })).toEqual(limited);
    expect(await again.value('patient:findByIin', { iin: child.iin })).toHaveLength(1);
    expect(await again.call('patient:findByIin', { iin: child.iin })).toEqual(limited);
    expect(details(again, 'patient_lookup_refused')).toHaveLength(5);
    expect(allRows(again)).not.toContain(mother.iin);
    expect(allRows(again)).not.toContain('Омарова');
    expect(again.runtime.services().verifyAudit().ok).toBe(true);
  });
});

describe("the admin's audit tab", () => {
  it('lists the newest rows first, with who by name (null: the desk itself); only for an admin', async () => {
    const desk = await staff(deskOn(tempDir()));
    await desk.value('session:signIn', { login: 'dr.bekova', secret: SECRET });
    expect(await desk.call('admin:auditTrail')).toEqual({ ok: false, code: 'NOT_AUTHORISED' });
    await desk.value('session:signIn', { login: 'admin', secret: SECRET });
    const rows =
      await desk.value<{ seq: number; event: string; operator: string | null }[]>('admin:auditTrail');
    const seqs = rows.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    // The admin's sign-in ended the doctor's session: their sign-out is the newest row.
    expect(rows.slice(0, 2)).toMatchObject([
      { event: 'operator_signed_out', operator: 'dr.bekova' },
      { event: 'operator_login', operator: 'Admin' },
    ]);
    expect(rows.find((r) => r.event === 'app_started')).toMatchObject({ operator: null });
    expect(rows.filter((r) => r.event === 'operator_created').map((r) => r.operator)).toEqual([
      'Admin',
      'Admin',
      null,
    ]);
  });
});
