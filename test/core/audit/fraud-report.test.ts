/** The anti-fraud report over visits recorded for real in a SQLite file (a desk's own counts). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deskFraudReport } from '../../../src/core/audit/desk-fraud-report.ts';
import { clinicDaysPeriod, isFarAbove } from '../../../src/core/audit/fraud-report.ts';
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

  const report = deskFraudReport(r.store, { from, to });
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
    const empty = deskFraudReport(r.store, { from: new Date('2020-01-01'), to: new Date('2020-02-01') });
    expect(empty).toMatchObject({ clinic: { visits: 0, bypassShare: 0 }, operators: [] });
  });

  it('takes whole clinic days: from the first midnight to the one after the last, in the zone', () => {
    // Almaty is UTC+5 all year: 22 November begins at 19:00 UTC on the 21st.
    expect(clinicDaysPeriod('2026-11-22', '2026-11-22', 'Asia/Almaty')).toEqual({
      from: new Date('2026-11-21T19:00:00.000Z'),
      to: new Date('2026-11-22T19:00:00.000Z'),
    });
    expect(clinicDaysPeriod('2026-11-01', '2026-11-30', 'UTC')).toEqual({
      from: new Date('2026-11-01T00:00:00.000Z'),
      to: new Date('2026-12-01T00:00:00.000Z'),
    });
  });
});
