/**
 * The anti-fraud report computed at the clinic (api.fraud_counts → fraudReportOf) against a real
 * PostgreSQL: two real desks (their own SQLite, real visits, their EvidencePushers) push a doctor's
 * code visits, six at each; neither desk's own report can flag six visits, the clinic's flags the
 * twelve. The clinic's counts are the desks' counts added up. Each desk's place against the
 * offline budget: by last contact, by the backlog a desk reports, never for a revoked desk. A desk
 * role calls the function and still reads no table; only ids and counts leave.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { deskFraudCounts, deskFraudReport } from '../../src/core/audit/desk-fraud-report.ts';
import {
  clinicDaysPeriod,
  fraudReportOf,
  MIN_VISITS_TO_FLAG,
  type FraudCounts,
  type ReportPeriod,
  type SlipDayCounts,
} from '../../src/core/audit/fraud-report.ts';
import { clinicFraudReport } from '../../src/core/clinic/clinic-fraud-report.ts';
import { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import { revokeDesk } from '../../src/core/clinic/desks.ts';
import { DEFAULT_OFFLINE_BUDGET } from '../../src/core/config/clinic-config.ts';
import { recordDecision } from '../../src/core/visit/decisions.ts';
import type { DecisionCounts } from '../../src/core/visit/decision-rows.ts';
import { describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';
import { openEvidenceDesk, type EvidenceDesk } from '../support/evidence-desk.ts';
import { newPatient } from '../support/registry.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { typedRejection } from '../support/typed-errors.ts';

const clinic = useClinicDb('clinic_report');
const tempDir = useTempDir('clinic-report');

/** The desks' manual clocks start at 09:00 UTC on 22 November 2026 (test/support/store.ts). */
const PERIOD: ReportPeriod = clinicDaysPeriod('2026-11-22', '2026-11-22', 'UTC');
const DOCTOR = randomUUID();
const FACE = { distance: 0.4, threshold: 0.6, modelVersion: 'face-api-1.7.15' };

/** `n` face identifications by `operatorId` at the desk, each its own decision and audit row. */
function faceIdentifications(t: EvidenceDesk, operatorId: string, n: number): void {
  const patientId = t.patients.register(newPatient(), t.actor).id;
  for (let i = 0; i < n; i += 1) {
    t.store.write((tx) =>
      recordDecision(
        tx,
        t,
        { patientId, method: 'face', outcome: 'identified', ...FACE },
        { operatorId, deskId: t.actor.deskId },
      ),
    );
    t.clock.advance(60_000);
  }
}

/** Two desks' counts as one: what the clinic must find for them together. */
function added(a: FraudCounts, b: FraudCounts): FraudCounts {
  const decisions = new Map<string, DecisionCounts>();
  for (const c of [...a.decisions, ...b.decisions]) {
    const seen = decisions.get(c.operatorId);
    if (seen === undefined) decisions.set(c.operatorId, { ...c });
    else
      for (const [key, value] of Object.entries(c)) if (key !== 'operatorId') seen[key as 'visits'] += value;
  }
  const refusals = new Map<string, number>();
  for (const r of [...a.refusals, ...b.refusals])
    refusals.set(r.operatorId, (refusals.get(r.operatorId) ?? 0) + r.count);
  const slipDays = new Map<string, SlipDayCounts>();
  for (const d of [...a.slipDays, ...b.slipDays]) {
    const key = `${d.operatorId} ${d.day}`;
    const seen = slipDays.get(key);
    slipDays.set(key, seen ? { ...seen, visits: seen.visits + d.visits, slips: seen.slips + d.slips } : d);
  }
  return {
    from: a.from,
    to: a.to,
    decisions: [...decisions.values()],
    refusals: [...refusals].map(([operatorId, count]) => ({ operatorId, count })),
    slipDays: [...slipDays.values()],
  };
}

async function superuserQuery(sql: string, params: unknown[] = []): Promise<void> {
  const su = await clinic.superuser();
  try {
    await su.query(sql, params);
  } finally {
    await su.end();
  }
}

let roleA: TestDesk;
let roleB: TestDesk;
let a: EvidenceDesk;
let b: EvidenceDesk;
const others = { a: randomUUID(), b: randomUUID() };

beforeAll(async () => {
  roleA = await clinic.addDesk('report-a');
  roleB = await clinic.addDesk('report-b');
  a = await openEvidenceDesk(tempDir(), roleA.name, undefined, DOCTOR);
  b = await openEvidenceDesk(tempDir(), roleB.name, undefined, DOCTOR);
  for (const [t, other] of [
    [a, others.a],
    [b, others.b],
  ] as const) {
    // The doctor works at both desks, six visits at each, every one by code (consent refused).
    for (let i = 0; i < 6; i += 1) await t.visit();
    // A colleague at each desk identifies by face.
    faceIdentifications(t, other, 24);
  }
  // The next day, outside the period: never counted.
  a.clock.set('2026-11-23T10:00:00.000Z');
  faceIdentifications(a, DOCTOR, 3);
  await a.pusher.push(await roleA.api());
  await b.pusher.push(await roleB.api());
  return async () => {
    await a.close();
    await b.close();
  };
});

describeClinic('the anti-fraud report at the clinic', () => {
  it('counts both desks’ decisions and flags the doctor neither desk’s own report can flag', async () => {
    for (const t of [a, b]) {
      const own = deskFraudReport(t.store, PERIOD).operators.find((o) => o.operatorId === DOCTOR);
      expect(own).toMatchObject({ visits: 6, bypassShare: 1, refusals: 6, flagged: false });
      expect(own?.visits).toBeLessThan(MIN_VISITS_TO_FLAG);
    }
    const report = await clinicFraudReport(await roleA.api(), PERIOD, DEFAULT_OFFLINE_BUDGET);
    // 60 identifications, 12 of them by code: the clinic's bypass share is 20 %.
    expect(report.clinic).toMatchObject({ visits: 60, bypassShare: 12 / 60 });
    expect(report.operators.find((o) => o.operatorId === DOCTOR)).toMatchObject({
      visits: 12,
      decisions: 12,
      shares: { code: 1, face: 0 },
      refusals: 12,
      flagged: true,
    });
    expect(report.operators.filter((o) => o.flagged).map((o) => o.operatorId)).toEqual([DOCTOR]);
  });

  it('computes exactly what the report of both desks’ counts added up would say', async () => {
    const report = await clinicFraudReport(await roleB.api(), PERIOD, DEFAULT_OFFLINE_BUDGET);
    const { at: _at, desks: _desks, ...shares } = report;
    expect(shares).toEqual(
      fraudReportOf(added(deskFraudCounts(a.store, PERIOD), deskFraudCounts(b.store, PERIOD))),
    );
    expect(report.operators.map((o) => o.operatorId).sort()).toEqual([DOCTOR, others.a, others.b].sort());
  });

  it('flags a desk whose last contact is older than the budget, and says when it was', async () => {
    const stale = await clinic.addDesk('report-stale');
    await (await stale.api()).heads();
    await superuserQuery(
      "UPDATE tanu.desks SET last_contact_at = now() - interval '30 hours 10 minutes' WHERE name = $1",
      [stale.name],
    );
    const report = await clinicFraudReport(await roleA.api(), PERIOD, DEFAULT_OFFLINE_BUDGET);
    const byName = new Map(report.desks.map((d) => [d.desk, d]));
    expect(byName.get(stale.name)).toMatchObject({
      revoked: false,
      headSeq: null,
      overBudget: { reason: 'hours', amount: 30 },
    });
    const contact = Date.parse(byName.get(stale.name)?.lastContactAt ?? '');
    expect(Date.parse(report.at) - contact).toBeGreaterThanOrEqual(30 * 3_600_000);
    // The two desks that pushed are in contact: acknowledged, not flagged.
    for (const [role, t] of [
      [roleA, a],
      [roleB, b],
    ] as const) {
      expect(byName.get(role.name)).toMatchObject({
        overBudget: null,
        headSeq: t.store.rows.audit.head()?.seq,
      });
    }
    // A longer budget does not flag it.
    const lenient = await clinicFraudReport(await roleA.api(), PERIOD, { hours: 48, decisions: 500 });
    expect(lenient.desks.find((d) => d.desk === stale.name)?.overBudget).toBeNull();
  });

  it('weighs the backlog a desk reports: too many unsent, or an unsent decision too old', async () => {
    const many = await clinic.addDesk('report-many');
    const old = await clinic.addDesk('report-old');
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await (await many.api()).reportBacklog({ decisions: 612, oldestAt: hourAgo });
    await (
      await old.api()
    ).reportBacklog({
      decisions: 3,
      oldestAt: new Date(Date.now() - 26.5 * 3_600_000).toISOString(),
    });
    const report = await clinicFraudReport(await roleA.api(), PERIOD, DEFAULT_OFFLINE_BUDGET);
    const byName = new Map(report.desks.map((d) => [d.desk, d]));
    expect(byName.get(many.name)).toMatchObject({
      unsent: { decisions: 612, oldestAt: hourAgo },
      overBudget: { reason: 'decisions', amount: 612 },
    });
    // In contact a moment ago, but its oldest unsent decision is 26 hours old.
    expect(byName.get(old.name)?.overBudget).toEqual({ reason: 'hours', amount: 26 });
    // Caught up: nothing waits, no oldest time stays behind to flag it.
    await (await old.api()).reportBacklog({ decisions: 0, oldestAt: null });
    const after = await clinicFraudReport(await roleA.api(), PERIOD, DEFAULT_OFFLINE_BUDGET);
    expect(after.desks.find((d) => d.desk === old.name)).toMatchObject({
      unsent: { decisions: 0, oldestAt: null },
      overBudget: null,
    });
  });

  it('lists a revoked desk without flagging it', async () => {
    const gone = await clinic.addDesk('report-gone');
    // A connection of its own, closed before the revocation ends the desk's sessions.
    const session = await gone.connect();
    await new ClinicDeskApi(session).heads();
    await session.end();
    await superuserQuery(
      "UPDATE tanu.desks SET last_contact_at = now() - interval '90 hours' WHERE name = $1",
      [gone.name],
    );
    await revokeDesk(await clinic.superuser(), gone.name);
    const report = await clinicFraudReport(await roleA.api(), PERIOD, DEFAULT_OFFLINE_BUDGET);
    expect(report.desks.find((d) => d.desk === gone.name)).toMatchObject({
      revoked: true,
      overBudget: null,
    });
  });

  it('refuses a malformed period, budget or backlog, and stores nothing of it', async () => {
    const api = await roleA.api();
    const budget = DEFAULT_OFFLINE_BUDGET;
    const from = PERIOD.from.toISOString();
    const to = PERIOD.to.toISOString();
    for (const [period, limits] of [
      [{ from: to, to: from }, budget],
      [{ from: '2026-11-22', to }, budget],
      [{ from, to: `${to}; DROP TABLE tanu.decisions` }, budget],
      [
        { from, to },
        { hours: 0, decisions: 500 },
      ],
      [
        { from, to },
        { hours: 24, decisions: 0 },
      ],
    ] as const) {
      expect(await typedRejection(api.fraudCounts(period, limits))).toBe('CLINIC_INVALID_BATCH');
    }
    const before = await clinicFraudReport(api, PERIOD, budget);
    for (const backlog of [
      { decisions: -1, oldestAt: null },
      { decisions: 1.5, oldestAt: null },
      { decisions: 2, oldestAt: 'yesterday' },
      { decisions: 2, oldestAt: null, patientId: randomUUID() },
    ]) {
      expect(await typedRejection(api.reportBacklog(backlog as never))).toBe('CLINIC_INVALID_BATCH');
    }
    const after = await clinicFraudReport(api, PERIOD, budget);
    expect(after.desks.find((d) => d.desk === roleA.name)?.unsent).toEqual(
      before.desks.find((d) => d.desk === roleA.name)?.unsent,
    );
  });

  it('is open to a desk role, which still reads no table; only ids and counts leave', async () => {
    const client = await roleB.connect();
    const raw = await client.query<{ r: unknown }>('SELECT api.fraud_counts($1, $2, 24, 500) AS r', [
      PERIOD.from.toISOString(),
      PERIOD.to.toISOString(),
    ]);
    for (const table of ['decisions', 'audit_rows', 'desks', 'chain_heads']) {
      await expect(client.query(`SELECT count(*) FROM tanu.${table}`)).rejects.toThrow(/permission denied/);
    }
    const text = JSON.stringify(raw.rows[0]?.r);
    // The decisions' patients and visits stay at the clinic; the doctors are ids.
    const patients = a.db.prepare('SELECT DISTINCT patient_id FROM decision').pluck().all() as string[];
    const visits = a.db.prepare('SELECT id FROM visit').pluck().all() as string[];
    expect(patients.length + visits.length).toBeGreaterThan(10);
    for (const id of [...patients, ...visits]) expect(text).not.toContain(id);
    expect(text).toContain(DOCTOR);
  });
});
