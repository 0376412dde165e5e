/** The anti-fraud report over visits recorded for real in a SQLite file (a desk's own counts). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deskFraudReport } from '../../../src/core/audit/desk-fraud-report.ts';
import {
  clinicDaysPeriod,
  isFarAbove,
  isSlipDayFlagged,
  isSlipShareFlagged,
  MAX_SLIPS_PER_DAY,
  SLIP_SHARE_CEILING,
} from '../../../src/core/audit/fraud-report.ts';
import type { IdentificationMethod } from '../../../src/core/audit/events.ts';
import { recordDecision, type VisitOutcome } from '../../../src/core/visit/decisions.ts';
import { newPatient, openTestRegistry, type TestRegistry } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const newDir = useTempDir('fraud');
const FACE = { distance: 0.4, threshold: 0.6, modelVersion: 'face-api-1.7.15' };

type Plan = Partial<Record<`${IdentificationMethod}:${VisitOutcome}`, number>>;

function seed(r: TestRegistry, patientIds: string[], operatorId: string, plan: Plan): void {
  const actor = { operatorId, deskId: 'desk-1' };
  let i = 0;
  for (const [key, n] of Object.entries(plan)) {
    const [method, outcome] = key.split(':') as [IdentificationMethod, VisitOutcome];
    for (let k = 0; k < (n ?? 0); k += 1) {
      const patientId = patientIds[(i += 1) % patientIds.length] as string;
      r.store.write((tx) =>
        recordDecision(tx, r, { patientId, method, outcome, ...(method === 'face' ? FACE : {}) }, actor),
      );
      r.clock.advance(60_000);
    }
  }
}

describe('deskFraudReport', () => {
  const r = openTestRegistry(newDir());
  const patients = [1, 2, 3].map(() => r.patients.register(newPatient(), r.actor).id);
  const [a, b, c, suspicious, newcomer] = ['a', 'b', 'c', 'd', 'e'].map(
    (x) => `${x}${randomUUID().slice(1)}`,
  ) as [string, string, string, string, string];
  const from = r.clock.now();
  // Three ordinary doctors with 40 visits each, 2 bypassing the face (5 %).
  seed(r, patients, a, { 'face:identified': 38, 'code:identified': 2, 'face:not_identified': 4 });
  seed(r, patients, b, {
    'face:identified': 36,
    'representative:identified': 2,
    'code:identified': 1,
    'override:identified': 1,
    'code:not_identified': 1,
  });
  seed(r, patients, c, { 'face:identified': 37, 'slip:identified': 1, 'code:identified': 2 });
  // The suspicious one: 6 of 10 visits by code (60 %), no face no-match ever tried.
  seed(r, patients, suspicious, { 'face:identified': 4, 'code:identified': 6 });
  // High share but too few visits to say anything.
  seed(r, patients, newcomer, { 'face:identified': 1, 'code:identified': 2 });
  r.record({ operatorId: a, deskId: 'desk-1', patientId: patients[0], event: 'consent_refused' });
  r.record({ operatorId: a, deskId: 'desk-1', patientId: patients[1], event: 'consent_refused' });
  r.clock.advance(60_000);
  const to = r.clock.now();
  // Outside the period: must not count.
  seed(r, patients, a, { 'code:identified': 20 });

  const report = deskFraudReport(r.store, { from, to, days: [{ day: '2026-11-22', from, to }] });
  const row = (id: string) => report.operators.find((o) => o.operatorId === id);

  it('reports the clinic shares over all identified visits in the period', () => {
    // 133 identified visits: 116 by face; the bypass is 13 by code + 1 override.
    expect(report.clinic.visits).toBe(133);
    expect(report.clinic.bypassShare).toBe(14 / 133);
    expect(report.clinic.shares).toEqual({
      face: 116 / 133,
      code: 13 / 133,
      representative: 2 / 133,
      slip: 1 / 133,
      override: 1 / 133,
    });
  });

  it('reports each doctor’s visits, shares, no-match rate and refusals exactly', () => {
    expect(report.operators.map((o) => o.operatorId)).toEqual([a, b, c, suspicious, newcomer].sort());
    expect(row(a)).toEqual({
      operatorId: a,
      visits: 40,
      decisions: 44,
      shares: { face: 38 / 40, code: 2 / 40, representative: 0, slip: 0, override: 0 },
      bypassShare: 2 / 40,
      faceNoMatches: 4,
      noMatchRate: 4 / 42,
      codeFailures: 0,
      refusals: 2,
      bypassFlagged: false,
      slipDays: [],
      slipFlagged: false,
      flagged: false,
    });
    expect(row(b)).toMatchObject({
      visits: 40,
      decisions: 41,
      shares: { face: 36 / 40, code: 1 / 40, representative: 2 / 40, slip: 0, override: 1 / 40 },
      bypassShare: 2 / 40,
      noMatchRate: 0,
      codeFailures: 1,
      refusals: 0,
    });
    expect(row(c)?.shares).toEqual({
      face: 37 / 40,
      code: 2 / 40,
      representative: 0,
      slip: 1 / 40,
      override: 0,
    });
    expect(row(suspicious)).toMatchObject({
      visits: 10,
      shares: { face: 0.4, code: 0.6, representative: 0, slip: 0, override: 0 },
      bypassShare: 0.6,
    });
  });

  it('flags only the doctor whose code share is far above the clinic’s', () => {
    expect(report.operators.filter((o) => o.flagged).map((o) => o.operatorId)).toEqual([suspicious]);
    // The newcomer's 2 of 3 is higher still, but 3 visits are too few to flag.
    expect(row(newcomer)).toMatchObject({ visits: 3, bypassShare: 2 / 3, flagged: false });
  });

  it('uses two standard errors above the clinic share, from 10 visits on', () => {
    // p = 0.1, n = 100: the line is 0.1 + 2·0.03 = 0.16.
    expect(isFarAbove(0.17, 100, 0.1)).toBe(true);
    expect(isFarAbove(0.15, 100, 0.1)).toBe(false);
    expect(isFarAbove(0.9, 9, 0.1)).toBe(false);
  });

  it('is empty for a period without visits', () => {
    const empty = deskFraudReport(r.store, clinicDaysPeriod('2020-01-01', '2020-01-31', 'UTC'));
    expect(empty).toMatchObject({ clinic: { visits: 0, bypassShare: 0 }, operators: [] });
  });

  it('takes whole clinic days: from the first midnight to the one after the last, in the zone', () => {
    // Almaty is UTC+5 all year: 22 November begins at 19:00 UTC on the 21st.
    const almaty = {
      from: new Date('2026-11-21T19:00:00.000Z'),
      to: new Date('2026-11-22T19:00:00.000Z'),
    };
    expect(clinicDaysPeriod('2026-11-22', '2026-11-22', 'Asia/Almaty')).toEqual({
      ...almaty,
      days: [{ day: '2026-11-22', ...almaty }],
    });
    const november = clinicDaysPeriod('2026-11-01', '2026-11-30', 'UTC');
    expect(november).toMatchObject({
      from: new Date('2026-11-01T00:00:00.000Z'),
      to: new Date('2026-12-01T00:00:00.000Z'),
    });
    // The days tile the period: 30 of them, each from one midnight to the next.
    expect(november.days).toHaveLength(30);
    expect(november.days[29]).toEqual({
      day: '2026-11-30',
      from: new Date('2026-11-30T00:00:00.000Z'),
      to: new Date('2026-12-01T00:00:00.000Z'),
    });
    expect(
      november.days.every((d, i) => i === 0 || d.from.getTime() === november.days[i - 1]?.to.getTime()),
    ).toBe(true);
  });
});

describe('the slip is a bypass of its own', () => {
  it('flags a doctor with 40 of 40 visits by slip on one day, even as the whole clinic', () => {
    const r = openTestRegistry(newDir());
    const patients = [1, 2, 3].map(() => r.patients.register(newPatient(), r.actor).id);
    const lone = randomUUID();
    // 09:00 UTC on 22 November is 14:00 in Almaty: the 40 visits are one clinic afternoon.
    seed(r, patients, lone, { 'slip:identified': 40 });
    const report = deskFraudReport(r.store, clinicDaysPeriod('2026-11-22', '2026-11-22', 'Asia/Almaty'));
    // The relative test cannot see it: the clinic's bypass share is this doctor's, and slips are not in it.
    expect(report.clinic).toMatchObject({ visits: 40, bypassShare: 0 });
    expect(report.operators).toEqual([
      expect.objectContaining({
        operatorId: lone,
        visits: 40,
        bypassFlagged: false,
        slipDays: [{ day: '2026-11-22', visits: 40, slips: 40, flagged: true }],
        slipFlagged: true,
        flagged: true,
      }),
    ]);
  });

  it('counts per clinic day: an ordinary day is not flagged, a day of six slips is', () => {
    const r = openTestRegistry(newDir());
    const patients = [1, 2].map(() => r.patients.register(newPatient(), r.actor).id);
    const doctor = randomUUID();
    // Day one (22 Nov): 36 by face and 4 by slip (10 %, every refuser without a phone): not flagged.
    seed(r, patients, doctor, { 'face:identified': 36, 'slip:identified': 4 });
    r.clock.set('2026-11-23T04:00:00.000Z'); // 09:00 on 23 November in Almaty
    // Day two: 34 by face and 6 by slip: more slips than a whole day's refusals would bring.
    seed(r, patients, doctor, { 'face:identified': 34, 'slip:identified': 6 });
    const period = clinicDaysPeriod('2026-11-22', '2026-11-23', 'Asia/Almaty');
    const [row] = deskFraudReport(r.store, period).operators;
    expect(row).toMatchObject({
      visits: 80,
      slipDays: [
        { day: '2026-11-22', visits: 40, slips: 4, flagged: false },
        { day: '2026-11-23', visits: 40, slips: 6, flagged: true },
      ],
      slipFlagged: true,
      flagged: true,
    });
    // The first day alone is an ordinary day.
    const first = deskFraudReport(r.store, clinicDaysPeriod('2026-11-22', '2026-11-22', 'Asia/Almaty'));
    expect(first.operators[0]).toMatchObject({ slipFlagged: false, flagged: false });
  });

  it('uses the ceilings the file comment explains', () => {
    expect(MAX_SLIPS_PER_DAY).toBe(5);
    expect(SLIP_SHARE_CEILING).toBe(0.2);
    expect(isSlipDayFlagged(5, 40)).toBe(false);
    expect(isSlipDayFlagged(6, 40)).toBe(true);
    // A share over the ceiling counts from 10 visits on, on a day and over the period.
    expect(isSlipDayFlagged(3, 10)).toBe(true);
    expect(isSlipDayFlagged(2, 10)).toBe(false);
    expect(isSlipDayFlagged(4, 9)).toBe(false);
    expect(isSlipShareFlagged(8, 18)).toBe(true);
    expect(isSlipShareFlagged(4, 9)).toBe(false);
  });
});
