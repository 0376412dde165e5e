/**
 * api.push_ops: registry operations are applied once per op id (a retry is harmless), enrolment
 * is insert-only with versions, and a refused op is filed under rejects without stopping the ops
 * after it. The same IIN registered from two desks: the first patient stays, the second op is
 * rejected naming it, and one duplicate flag is raised.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import type { RegistryOp } from '../../src/core/clinic/protocol.ts';
import { typedRejection } from '../support/typed-errors.ts';
import { describeClinic, useClinicDb, uuidv7, type TestDesk } from '../support/clinic-db.ts';

const clinic = useClinicDb('push_ops');
let registrar: TestDesk;
let doctor: TestDesk;
let api: ClinicDeskApi;

const sealed = () => randomBytes(64).toString('base64');
const lookup = () => randomBytes(32).toString('hex');
const patientOp = (id = randomUUID(), iinLookup = lookup()): RegistryOp => ({
  opId: uuidv7(),
  kind: 'patient.upsert',
  id,
  iinLookup,
  sealed: sealed(),
});

beforeAll(async () => {
  registrar = await clinic.addDesk('registrar');
  doctor = await clinic.addDesk('doctor');
  api = await registrar.api();
});

describeClinic('push_ops', () => {
  it('applies an op once: pushing the same op id again returns its outcome and changes nothing', async () => {
    const op = patientOp();
    const [first] = await api.pushOps([op]);
    expect(first).toEqual({ opId: op.opId, outcome: 'applied', version: 1 });
    const [again] = await api.pushOps([op]);
    expect(again).toEqual({ ...first, repeated: true });
    const su = await clinic.superuser();
    const result = await su.query('SELECT version FROM tanu.patients WHERE id = $1', [
      (op as { id: string }).id,
    ]);
    expect(result.rows).toEqual([{ version: 1 }]);
  });

  it('versions enrolments: a re-enrolment revokes the older template and erases its ciphertext', async () => {
    const patient = patientOp();
    const patientId = (patient as { id: string }).id;
    const enrol = (): RegistryOp => ({
      opId: uuidv7(),
      kind: 'template.enrol',
      id: randomUUID(),
      patientId,
      modelId: 'face-api/recognition',
      modelVersion: '1.7.15',
      sealed: sealed(),
    });
    const outcomes = await api.pushOps([patient, enrol(), enrol()]);
    expect(outcomes.map((o) => [o.outcome, 'version' in o ? o.version : null])).toEqual([
      ['applied', 1],
      ['applied', 1],
      ['applied', 2],
    ]);
    const su = await clinic.superuser();
    const templates = await su.query(
      'SELECT version, sealed IS NULL AS erased, revoked_at IS NOT NULL AS revoked FROM tanu.templates WHERE patient_id = $1 ORDER BY version',
      [patientId],
    );
    expect(templates.rows).toEqual([
      { version: 1, erased: true, revoked: true },
      { version: 2, erased: false, revoked: false },
    ]);
    await expect(
      su.query('DELETE FROM tanu.templates WHERE patient_id = $1', [patientId]),
    ).rejects.toMatchObject({
      code: 'TN006',
    });
  });

  it('files a refused op under rejects and goes on with the next one', async () => {
    const orphan: RegistryOp = {
      opId: uuidv7(),
      kind: 'template.enrol',
      id: randomUUID(),
      patientId: randomUUID(),
      modelId: 'm',
      modelVersion: '1',
      sealed: sealed(),
    };
    const unknown = { opId: uuidv7(), kind: 'patient.delete', id: randomUUID() } as unknown as RegistryOp;
    const after = patientOp();
    const outcomes = await api.pushOps([orphan, unknown, after]);
    expect(outcomes.map((o) => (o.outcome === 'rejected' ? o.reason : o.outcome))).toEqual([
      'unknown_patient',
      'unknown_kind',
      'applied',
    ]);
    const rejects = await api.rejects();
    expect(rejects.filter((r) => r.opId === orphan.opId || r.opId === unknown.opId)).toHaveLength(2);
    // A retried rejected op stays rejected, and is not filed twice.
    expect((await api.pushOps([orphan]))[0]).toMatchObject({ outcome: 'rejected', repeated: true });
    expect((await api.rejects()).filter((r) => r.opId === orphan.opId)).toHaveLength(1);
  });

  it('refuses a batch whose op has no UUIDv7 id: it could not even be filed', async () => {
    const v4 = { ...patientOp(), opId: randomUUID() };
    expect(await typedRejection(api.pushOps([v4]))).toBe('CLINIC_INVALID_BATCH');
    const odd = { ...patientOp(), kind: 'x'.repeat(200) } as unknown as RegistryOp;
    expect(await typedRejection(api.pushOps([odd]))).toBe('CLINIC_INVALID_BATCH');
  });

  it('keeps the first of two patients with one IIN registered at two desks at once, with one flag', async () => {
    const iin = lookup();
    const [a, b] = [patientOp(randomUUID(), iin), patientOp(randomUUID(), iin)];
    const other = await doctor.api();
    const [[ra], [rb]] = await Promise.all([api.pushOps([a]), other.pushOps([b])]);
    const outcomes = [ra, rb].map((o) => o?.outcome).sort();
    expect(outcomes).toEqual(['applied', 'rejected']);
    const rejected = ra?.outcome === 'rejected' ? ra : rb;
    const winner = ra?.outcome === 'applied' ? a : b;
    expect(rejected).toMatchObject({ reason: 'iin_taken', existingPatientId: (winner as { id: string }).id });
    const su = await clinic.superuser();
    const flags = await su.query(
      "SELECT patient_id FROM tanu.flags WHERE kind = 'duplicate_iin' AND patient_id = $1",
      [(winner as { id: string }).id],
    );
    expect(flags.rows).toHaveLength(1);
    const patients = await su.query('SELECT count(*)::int AS n FROM tanu.patients WHERE iin_lookup = $1', [
      Buffer.from(iin, 'hex'),
    ]);
    expect(patients.rows[0]).toEqual({ n: 1 });
  });

  it('records consents, representatives and operators, and their withdrawal', async () => {
    const [p, r] = [patientOp(), patientOp()];
    const patientId = (p as { id: string }).id;
    const representativeId = (r as { id: string }).id;
    const consentId = randomUUID();
    const operatorId = randomUUID();
    const outcomes = await api.pushOps([
      p,
      r,
      { opId: uuidv7(), kind: 'representative.link', patientId, representativeId, sealed: sealed() },
      { opId: uuidv7(), kind: 'consent.record', id: consentId, patientId, sealed: sealed() },
      { opId: uuidv7(), kind: 'consent.withdraw', id: consentId },
      { opId: uuidv7(), kind: 'representative.unlink', patientId, representativeId },
      { opId: uuidv7(), kind: 'operator.upsert', id: operatorId, sealed: sealed() },
      { opId: uuidv7(), kind: 'operator.upsert', id: operatorId, sealed: sealed() },
      { opId: uuidv7(), kind: 'consent.withdraw', id: consentId },
    ]);
    expect(outcomes.map((o) => (o.outcome === 'rejected' ? o.reason : o.outcome))).toEqual([
      ...Array<string>(8).fill('applied'),
      'not_found',
    ]);
    expect(outcomes[7]).toMatchObject({ version: 2 });
  });
});
