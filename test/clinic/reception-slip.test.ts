/**
 * A slip issued at reception and redeemed once at a doctor's desk, decided by a real PostgreSQL
 * (issue 13, clinic mode; src/core/slip/reception-slips.ts, clinic migration 013): the registrar's
 * desk issues it, a doctor's desk redeems it with the printed code, a second desk is refused; two
 * desks redeeming at once get one "ok"; wrong codes count at every desk together and lock it; a
 * desk of another clinic key cannot redeem it; only a registrar issues; the clinic holds no code.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-seal.ts';
import type { Operator } from '../../src/core/operators/operators.ts';
import {
  issueReceptionSlip,
  redeemReceptionSlip,
  type ReceptionSlipDeps,
} from '../../src/core/slip/reception-slips.ts';
import { describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';
import { REGISTRAR } from '../support/registrar.ts';
import { typedRejection } from '../support/typed-errors.ts';

const clinic = useClinicDb('reception_slip');
const keys = deriveClinicKeys(newClinicKey());
const DOCTOR = randomUUID();

let reception: TestDesk;
let deskA: TestDesk;
let deskB: TestDesk;
const deps = async (desk: TestDesk, k = keys): Promise<ReceptionSlipDeps> => ({
  api: await desk.api(),
  keys: k,
});

/** A wrong code for `code`: the same length, another digit first. */
const wrong = (code: string) => `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;

beforeAll(async () => {
  reception = await clinic.addDesk('reception');
  deskA = await clinic.addDesk('doctor-a');
  deskB = await clinic.addDesk('doctor-b');
});

describeClinic('a slip issued at reception', () => {
  it('is redeemed once at a doctor’s desk; a second desk is refused', async () => {
    const patientId = randomUUID();
    const slip = await issueReceptionSlip(await deps(reception), patientId, REGISTRAR);
    expect(slip.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const visitA = randomUUID();
    const first = await redeemReceptionSlip(await deps(deskA), patientId, slip.code, visitA, DOCTOR);
    expect(first).toEqual({ status: 'ok', patientId, issuedBy: REGISTRAR.id, slipId: slip.slipId });
    // Redeemed: it is no longer open for the patient anywhere.
    expect(await redeemReceptionSlip(await deps(deskB), patientId, slip.code, randomUUID(), DOCTOR)).toEqual({
      status: 'none',
    });
    expect(await (await deskB.api()).redeemSlip(slip.slipId, '0'.repeat(64), randomUUID(), DOCTOR)).toEqual({
      status: 'used',
    });
    const su = await clinic.superuser();
    try {
      const row = await su.query<Record<string, unknown>>(
        `SELECT s.redeemed_visit, d.name AS redeemed_at_desk, s.code_hash, s.salt
           FROM tanu.slips s JOIN tanu.desks d ON d.id = s.redeemed_desk WHERE s.id = $1`,
        [slip.slipId],
      );
      expect(row.rows[0]).toMatchObject({ redeemed_visit: visitA, redeemed_at_desk: deskA.name });
      // The clinic holds a keyed hash and a salt, never the digits.
      expect(JSON.stringify(row.rows[0])).not.toContain(slip.code);
    } finally {
      await su.end();
    }
  });

  it('two desks redeeming at once: exactly one is told "ok", the other "used"', async () => {
    const patientId = randomUUID();
    const slip = await issueReceptionSlip(await deps(reception), patientId, REGISTRAR);
    const open = await (await deskA.api()).openSlip(patientId);
    expect(open?.id).toBe(slip.slipId);
    const [a, b] = await Promise.all([
      redeemReceptionSlip(await deps(deskA), patientId, slip.code, randomUUID(), DOCTOR),
      redeemReceptionSlip(await deps(deskB), patientId, slip.code, randomUUID(), DOCTOR),
    ]);
    // Exactly one wins; the other was refused under the row lock ("used") or found it gone ("none").
    expect([a, b].filter((r) => r.status === 'ok')).toHaveLength(1);
    expect([a, b].filter((r) => r.status === 'used' || r.status === 'none')).toHaveLength(1);
  });

  it('counts wrong codes at every desk together; the fifth locks it, the right code then too', async () => {
    const patientId = randomUUID();
    const slip = await issueReceptionSlip(await deps(reception), patientId, REGISTRAR);
    const bad = wrong(slip.code);
    const answers = [];
    for (const desk of [deskA, deskB, deskA, deskB]) {
      answers.push(await redeemReceptionSlip(await deps(desk), patientId, bad, randomUUID(), DOCTOR));
    }
    expect(answers).toEqual([4, 3, 2, 1].map((triesLeft) => ({ status: 'wrong', triesLeft })));
    const api = await deskA.api();
    expect(await api.redeemSlip(slip.slipId, '0'.repeat(64), randomUUID(), DOCTOR)).toEqual({
      status: 'locked',
    });
    expect(await redeemReceptionSlip(await deps(deskB), patientId, slip.code, randomUUID(), DOCTOR)).toEqual({
      status: 'none',
    });
  });

  it('a desk with another clinic key cannot redeem it; a malformed code costs no try', async () => {
    const patientId = randomUUID();
    const slip = await issueReceptionSlip(await deps(reception), patientId, REGISTRAR);
    const stranger = deriveClinicKeys(newClinicKey());
    expect(
      await redeemReceptionSlip(await deps(deskA, stranger), patientId, slip.code, randomUUID(), DOCTOR),
    ).toEqual({ status: 'wrong', triesLeft: 4 });
    expect(
      await typedRejection(redeemReceptionSlip(await deps(deskA), patientId, '12 345', randomUUID(), DOCTOR)),
    ).toBe('CODE_MALFORMED');
    expect(
      await redeemReceptionSlip(await deps(deskB), patientId, slip.code, randomUUID(), DOCTOR),
    ).toMatchObject({
      status: 'ok',
    });
  });

  it('is issued by a registrar only, and a malformed slip is refused', async () => {
    const doctor: Operator = { ...REGISTRAR, id: randomUUID(), role: 'doctor' };
    expect(await typedRejection(issueReceptionSlip(await deps(reception), randomUUID(), doctor))).toBe(
      'NOT_AUTHORISED',
    );
    const api = await reception.api();
    const base = { id: randomUUID(), patientId: randomUUID(), issuedBy: REGISTRAR.id, salt: 'ab'.repeat(16) };
    expect(await typedRejection(api.issueSlip({ ...base, codeHash: 'not hex' }))).toBe(
      'CLINIC_INVALID_BATCH',
    );
    expect(await typedRejection(api.issueSlip({ ...base, patientId: 'x', codeHash: 'a'.repeat(64) }))).toBe(
      'CLINIC_INVALID_BATCH',
    );
  });
});
