/**
 * The doctor's desk's half of the slip printed at reception (issue 13), with a real PostgreSQL
 * and real VisitDesks on real SQLite files: a registrar's desk issues the slip, a doctor's desk
 * asks the clinic at patient selection (ClinicCounts, bounded), the doctor types the slip's code,
 * the clinic redeems it, and the visit is identified by slip with a `slip_redeemed` row and no
 * sign-off; the same slip at a second doctor's desk is refused (used) and that desk prints its own
 * slip, to be signed off; a clinic that cannot be reached means the desk's own slip too.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ClinicCounts } from '../../src/core/clinic-sync/clinic-counts.ts';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-seal.ts';
import { issueReceptionSlip } from '../../src/core/slip/reception-slips.ts';
import { readPdf } from '../core/slip/read-pdf.ts';
import { describeClinic, useClinicDb, type TestDesk as ClinicRole } from '../support/clinic-db.ts';
import { openTestDesk, signOffSlip, type TestDesk } from '../support/desk.ts';
import { newPatient } from '../support/registry.ts';
import { REGISTRAR } from '../support/registrar.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('reception_slip_visit');
const tempDir = useTempDir('reception-slip-visit');
const keys = deriveClinicKeys(newClinicKey());

let reception: ClinicRole;
let a: TestDesk;
let b: TestDesk;
const counts: ClinicCounts[] = [];

/** A doctor's desk asking the clinic as `role`; `online: false` stands for a desk that is offline. */
async function doctorDesk(role: ClinicRole, dir: string, online = true): Promise<TestDesk> {
  const slips = new ClinicCounts({
    connect: () => role.connect(),
    linkState: () => (online ? 'online' : 'offline'),
    keys,
  });
  counts.push(slips);
  const t = await openTestDesk(dir, { receptionSlips: slips });
  t.actor = { operatorId: randomUUID(), deskId: role.name };
  return t;
}

/** Desk B gets A's key and A's patient row: the clinic's registry gives every desk one id. */
function sharePatient(from: TestDesk, to: TestDesk, patientId: string): void {
  const row = from.store.rows.patients.byId(patientId);
  if (!row) throw new Error('no such patient');
  const { language: _language, ...newRow } = row;
  to.store.write((tx) => to.store.rows.patients.insert(tx, newRow));
}

/** A visit on the code path (no phone, the photo refused): the slip channel. */
async function toSlip(t: TestDesk, patientId: string) {
  const { visitId } = t.desk.start(t.actor, 'Dr Aida');
  await t.desk.selectPatient(visitId, patientId);
  await t.desk.chooseVisitType(visitId, 'in-person');
  return { visitId, view: await t.desk.refuseConsent(visitId) };
}

const wrong = (code: string) => `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;

function auditRows(t: TestDesk, visitId: string) {
  return t.db
    .prepare(
      'SELECT event, operator_id AS operatorId, method, detail FROM audit_log WHERE visit_id = ? ORDER BY seq',
    )
    .all(visitId) as { event: string; operatorId: string; method: string | null; detail: string | null }[];
}

beforeAll(async () => {
  reception = await clinic.addDesk('reception');
  const dirA = tempDir();
  const dirB = tempDir();
  a = await doctorDesk(await clinic.addDesk('doctor-a'), dirA);
  copyFileSync(join(dirA, 'data.key'), join(dirB, 'data.key'));
  b = await doctorDesk(await clinic.addDesk('doctor-b'), dirB);
});

afterAll(async () => {
  for (const c of counts) await c.close();
  await a.close();
  await b.close();
});

describeClinic('a slip printed at reception, at the doctor’s desk', () => {
  it('is redeemed at one doctor’s desk with no sign-off; the second desk is refused and signs off its own', async () => {
    const patientId = a.patients.register(newPatient({ phone: 'none' }), a.actor).id;
    sharePatient(a, b, patientId);
    const slip = await issueReceptionSlip({ api: await reception.api(), keys }, patientId, REGISTRAR);

    const first = await toSlip(a, patientId);
    expect(first.view).toMatchObject({ phase: 'receptionSlipEntry', channel: 'slip', slipReady: false });
    // Started at desk B before A redeems: B was told of an open slip too.
    const second = await toSlip(b, patientId);
    expect(second.view.phase).toBe('receptionSlipEntry');

    const wrongTry = await a.desk.submitCode(first.visitId, wrong(slip.code));
    expect(wrongTry).toMatchObject({ phase: 'receptionSlipEntry', triesLeft: 4 });
    const done = await a.desk.submitCode(first.visitId, slip.code);
    expect(done).toMatchObject({ phase: 'identified', method: 'slip' });
    const rows = auditRows(a, first.visitId);
    expect(rows.map((r) => r.event)).not.toContain('slip_signed_off');
    const redeemed = rows.find((r) => r.event === 'slip_redeemed');
    expect(redeemed).toMatchObject({ operatorId: a.actor.operatorId, method: 'slip' });
    expect(JSON.parse(redeemed?.detail ?? 'null')).toEqual({ slipId: slip.slipId, issuedBy: REGISTRAR.id });
    const decision = a.db
      .prepare("SELECT method, outcome FROM decision WHERE patient_id = ? AND outcome = 'identified'")
      .all(patientId);
    expect(decision).toEqual([{ method: 'slip', outcome: 'identified' }]);
    expect(a.slips).toHaveLength(0);

    // Desk B: the same slip is used; the desk prints its own and asks for the sign-off.
    const refused = await b.desk.submitCode(second.visitId, slip.code);
    expect(refused).toMatchObject({ phase: 'codeSent', channel: 'slip', slipReady: true });
    const own = /(\d{3}) (\d{3})/.exec((await readPdf(b.desk.takeSlip(second.visitId))).text);
    expect((await b.desk.act(second.visitId, 'beginEntry')).phase).toBe('slipSignOff');
    await signOffSlip(b, second.visitId);
    expect(await b.desk.submitCode(second.visitId, `${own?.[1]}${own?.[2]}`)).toMatchObject({
      phase: 'identified',
      method: 'slip',
    });
    expect(auditRows(b, second.visitId).map((r) => r.event)).toContain('slip_signed_off');
    expect(auditRows(b, second.visitId).map((r) => r.event)).not.toContain('slip_redeemed');
  });

  it('a later visit finds no open slip: the desk prints its own', async () => {
    const patientId = a.patients.register(newPatient({ phone: 'none' }), a.actor).id;
    const slip = await issueReceptionSlip({ api: await reception.api(), keys }, patientId, REGISTRAR);
    const first = await toSlip(a, patientId);
    await a.desk.submitCode(first.visitId, slip.code);
    const again = await toSlip(a, patientId);
    expect(again.view).toMatchObject({ phase: 'codeSent', channel: 'slip', slipReady: true });
  });

  it('a clinic that cannot be reached: the desk prints its own slip, to be signed off', async () => {
    const offline = await doctorDesk(await clinic.addDesk('doctor-offline'), tempDir(), false);
    try {
      const patientId = offline.patients.register(newPatient({ phone: 'none' }), offline.actor).id;
      await issueReceptionSlip({ api: await reception.api(), keys }, patientId, REGISTRAR);
      const { visitId, view } = await toSlip(offline, patientId);
      expect(view).toMatchObject({ phase: 'codeSent', channel: 'slip', slipReady: true });
      expect((await offline.desk.act(visitId, 'beginEntry')).phase).toBe('slipSignOff');
      // The slip is still open at the clinic: never redeemed offline.
      expect(await (await reception.api()).openSlip(patientId)).not.toBeNull();
    } finally {
      await offline.close();
    }
  });

  it('the clinic unreachable while the code is typed: the desk falls back to its own slip', async () => {
    let online = true;
    const flaky = new ClinicCounts({
      connect: () => reception.connect(),
      linkState: () => (online ? 'online' : 'offline'),
      keys,
    });
    counts.push(flaky);
    const t = await openTestDesk(tempDir(), { receptionSlips: flaky });
    try {
      const patientId = t.patients.register(newPatient({ phone: 'none' }), t.actor).id;
      const slip = await issueReceptionSlip({ api: await reception.api(), keys }, patientId, REGISTRAR);
      const { visitId, view } = await toSlip(t, patientId);
      expect(view.phase).toBe('receptionSlipEntry');
      online = false;
      expect(await t.desk.submitCode(visitId, slip.code)).toMatchObject({
        phase: 'codeSent',
        slipReady: true,
      });
      expect(await (await reception.api()).openSlip(patientId)).not.toBeNull();
    } finally {
      await t.close();
    }
  });
});
