/**
 * The printed slip as a bypass of its own at the clinic (issue 13), against a real PostgreSQL: a
 * doctor's 40 real slip visits (printed, signed off by a registrar, code typed) pushed from their
 * desk are flagged by the clinic's report (api.slip_days → fraudReportOf), as by the desk's own;
 * a doctor whose slips are split over two desks is flagged only on the clinic-wide counts; and
 * api.slip_days refuses malformed days.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { deskFraudReport } from '../../src/core/audit/desk-fraud-report.ts';
import { clinicDaysPeriod, dayBounds } from '../../src/core/audit/fraud-report.ts';
import { clinicFraudReport } from '../../src/core/clinic/clinic-fraud-report.ts';
import { DEFAULT_OFFLINE_BUDGET } from '../../src/core/config/clinic-config.ts';
import { recordDecision } from '../../src/core/visit/decisions.ts';
import type { IdentificationMethod } from '../../src/core/audit/events.ts';
import { readPdf } from '../core/slip/read-pdf.ts';
import { describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';
import { signOffSlip } from '../support/desk.ts';
import { openEvidenceDesk, type EvidenceDesk } from '../support/evidence-desk.ts';
import { newPatient } from '../support/registry.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { typedRejection } from '../support/typed-errors.ts';

const clinic = useClinicDb('clinic_slip_report');
const tempDir = useTempDir('clinic-slip-report');

/** The desks' manual clocks start at 09:00 UTC on 22 November 2026 (test/support/store.ts). */
const PERIOD = clinicDaysPeriod('2026-11-22', '2026-11-22', 'UTC');
const LONE = randomUUID();
const SPLIT = randomUUID();
const FACE = { distance: 0.4, threshold: 0.6, modelVersion: 'face-api-1.7.15' };

/** A whole slip visit at the desk as its doctor: printed, signed off by a registrar, code typed. */
async function slipVisit(t: EvidenceDesk): Promise<void> {
  t.clock.advance(60_000);
  const patientId = t.patients.register(newPatient({ phone: 'none' }), t.actor).id;
  const { visitId } = t.desk.start(t.actor, 'Dr Lone');
  await t.desk.selectPatient(visitId, patientId);
  await t.desk.chooseVisitType(visitId, 'in-person');
  await t.desk.refuseConsent(visitId);
  const digits = /(\d{3}) (\d{3})/.exec((await readPdf(t.desk.takeSlip(visitId))).text);
  await t.desk.act(visitId, 'beginEntry');
  await signOffSlip(t, visitId);
  const view = await t.desk.submitCode(visitId, `${digits?.[1]}${digits?.[2]}`);
  expect(view).toMatchObject({ phase: 'identified', method: 'slip' });
}

/** `n` decisions by `method` for `operatorId` at the desk, recorded as a visit would. */
function identifications(t: EvidenceDesk, operatorId: string, method: IdentificationMethod, n: number): void {
  const patientId = t.patients.register(newPatient(), t.actor).id;
  for (let i = 0; i < n; i += 1) {
    const face = method === 'face' ? FACE : {};
    t.store.write((tx) =>
      recordDecision(
        tx,
        t,
        { patientId, method, outcome: 'identified', ...face },
        { operatorId, deskId: t.actor.deskId },
      ),
    );
    t.clock.advance(60_000);
  }
}

let roleA: TestDesk;
let roleB: TestDesk;
let a: EvidenceDesk;
let b: EvidenceDesk;

beforeAll(async () => {
  roleA = await clinic.addDesk('slip-a');
  roleB = await clinic.addDesk('slip-b');
  a = await openEvidenceDesk(tempDir(), roleA.name, undefined, LONE);
  b = await openEvidenceDesk(tempDir(), roleB.name);
  for (let i = 0; i < 40; i += 1) await slipVisit(a);
  // Another doctor: 3 slips and 12 faces at each desk, 20 % at each, 6 slips in the day in all.
  for (const t of [a, b]) {
    identifications(t, SPLIT, 'slip', 3);
    identifications(t, SPLIT, 'face', 12);
  }
  await a.pusher.push(await roleA.api());
  await b.pusher.push(await roleB.api());
  return async () => {
    await a.close();
    await b.close();
  };
}, 120_000);

describeClinic('slips in the clinic’s anti-fraud report', () => {
  it('flags the doctor with 40 of 40 visits by slip, at the desk and at the clinic alike', async () => {
    const expected = {
      visits: 40,
      shares: { slip: 1, face: 0, code: 0 },
      bypassFlagged: false,
      slipDays: [{ day: '2026-11-22', visits: 40, slips: 40, flagged: true }],
      slipFlagged: true,
      flagged: true,
    };
    const own = deskFraudReport(a.store, PERIOD).operators.find((o) => o.operatorId === LONE);
    expect(own).toMatchObject(expected);
    const report = await clinicFraudReport(await roleB.api(), PERIOD, DEFAULT_OFFLINE_BUDGET);
    expect(report.operators.find((o) => o.operatorId === LONE)).toMatchObject(expected);
    // Every slip visit's sign-off reached the clinic with the rest of the desk's chain.
    const su = await clinic.superuser();
    try {
      const signOffs = await su.query<{ n: string }>(
        "SELECT count(*) AS n FROM tanu.audit_rows WHERE event = 'slip_signed_off'",
      );
      expect(Number(signOffs.rows[0]?.n)).toBe(40);
    } finally {
      await su.end();
    }
  });

  it('flags slips split over two desks only on the clinic-wide counts', async () => {
    for (const t of [a, b]) {
      const own = deskFraudReport(t.store, PERIOD).operators.find((o) => o.operatorId === SPLIT);
      expect(own).toMatchObject({
        visits: 15,
        slipDays: [{ day: '2026-11-22', visits: 15, slips: 3, flagged: false }],
        slipFlagged: false,
      });
    }
    const report = await clinicFraudReport(await roleA.api(), PERIOD, DEFAULT_OFFLINE_BUDGET);
    expect(report.operators.find((o) => o.operatorId === SPLIT)).toMatchObject({
      visits: 30,
      slipDays: [{ day: '2026-11-22', visits: 30, slips: 6, flagged: true }],
      slipFlagged: true,
      flagged: true,
    });
  });

  it('refuses malformed days', async () => {
    const api = await roleA.api();
    const [[day, from, to]] = dayBounds(PERIOD) as [[string, string, string]];
    for (const days of [
      [],
      [[day, to, from]],
      [['22.11.2026', from, to]],
      [[day, '2026-11-22', to]],
      [[day, from]],
      [{ day, from, to }],
    ]) {
      expect(await typedRejection(api.slipDays(days as [string, string, string][]))).toBe(
        'CLINIC_INVALID_BATCH',
      );
    }
    expect(await api.slipDays([[day, from, to]])).toContainEqual({
      operatorId: LONE,
      day,
      visits: 40,
      slips: 40,
    });
  });
});
