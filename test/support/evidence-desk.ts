/**
 * A desk that sends its evidence to a test clinic: the real VisitDesk on a real SQLite file
 * (desk.ts), its audit rows naming the clinic's desk, the sealed acknowledgement file beside the
 * database and an EvidencePusher over them. Visits go the code path (consent refused, the code
 * from the fake gateway typed in), which needs no face engine and writes every kind of evidence:
 * audit rows, a decision and an ended visit.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { ClinicAckFile, CLINIC_ACK_FILE_NAME } from '../../src/core/clinic-sync/clinic-ack.ts';
import { EvidencePusher } from '../../src/core/clinic-sync/evidence-push.ts';
import { verifyClinic } from '../../src/core/clinic/verify.ts';
import type { ClinicDb } from './clinic-db.ts';
import { openTestDesk, type TestDesk } from './desk.ts';
import { newPatient } from './registry.ts';

export interface EvidenceDesk extends TestDesk {
  ackFile: ClinicAckFile;
  pusher: EvidencePusher;
  /** Runs one visit to the end (identified by code); returns its id. */
  visit(): Promise<string>;
  /** Audit rows, decisions and ended visits in the desk's own database, and the chain's hashes. */
  local(): { rows: number; decisions: number; visits: number; chain: string };
}

/** `operatorId`: the doctor whose visits these are (a random one by default). */
export async function openEvidenceDesk(
  dir: string,
  deskName: string,
  batchSize?: number,
  operatorId?: string,
): Promise<EvidenceDesk> {
  const t = await openTestDesk(dir);
  t.actor = { operatorId: operatorId ?? t.actor.operatorId, deskId: deskName };
  const ackFile = new ClinicAckFile({
    path: join(dir, CLINIC_ACK_FILE_NAME),
    key: t.keys['clinic-ack'],
    deskId: deskName,
  });
  const pusher = new EvidencePusher({
    store: t.store,
    ackFile,
    clock: t.clock,
    ...(batchSize === undefined ? {} : { batchSize }),
  });
  const desk: EvidenceDesk = {
    ...t,
    ackFile,
    pusher,
    async visit() {
      t.clock.advance(60_000);
      const patientId = t.patients.register(newPatient(), t.actor).id;
      const { visitId } = t.desk.start(t.actor, 'Dr Aida Bekova');
      await t.desk.selectPatient(visitId, patientId);
      await t.desk.chooseVisitType(visitId, 'in-person');
      await t.desk.refuseConsent(visitId);
      await t.desk.act(visitId, 'beginEntry');
      const text = t.gateway.deliveries.filter((d) => d.kind === 'code').at(-1)?.text ?? '';
      const code = /\b(\d{6})\b/.exec(text)?.[1] ?? 'none';
      const view = await t.desk.submitCode(visitId, code);
      expect(view.phase).toBe('identified');
      return visitId;
    },
    local() {
      const count = (sql: string) => t.db.prepare(sql).pluck().get() as number;
      return {
        rows: count('SELECT count(*) FROM audit_log'),
        decisions: count('SELECT count(*) FROM decision'),
        visits: count('SELECT count(*) FROM visit WHERE ended_at IS NOT NULL'),
        chain: t.db
          .prepare("SELECT group_concat(hex(hash), ',') FROM (SELECT hash FROM audit_log ORDER BY seq)")
          .pluck()
          .get() as string,
      };
    },
  };
  return desk;
}

/** What the clinic holds of one desk, and `clinic verify`'s verdict on its chain there. */
export async function evidenceAtClinic(clinic: ClinicDb, deskName: string) {
  const su = await clinic.superuser();
  try {
    const counts = await su.query(
      `SELECT (SELECT count(*)::int FROM tanu.audit_rows r WHERE r.desk_id = d.id) AS rows,
              (SELECT count(DISTINCT seq)::int FROM tanu.audit_rows r WHERE r.desk_id = d.id) AS seqs,
              (SELECT count(*)::int FROM tanu.decisions x WHERE x.desk_id = d.id) AS decisions,
              (SELECT count(*)::int FROM tanu.visits x WHERE x.desk_id = d.id) AS visits,
              (SELECT upper(string_agg(encode(hash, 'hex'), ',' ORDER BY seq)) FROM tanu.audit_rows r
                WHERE r.desk_id = d.id) AS chain
       FROM tanu.desks d WHERE d.name = $1`,
      [deskName],
    );
    const verdict = (await verifyClinic(su)).find((v) => v.desk === deskName);
    const row = counts.rows[0] as {
      rows: number;
      seqs: number;
      decisions: number;
      visits: number;
      chain: string;
    };
    return { ...row, verdict };
  } finally {
    await su.end();
  }
}

/** What the desk last told the clinic it holds back (api.report_backlog); null: it never said. */
export async function backlogAtClinic(
  clinic: ClinicDb,
  deskName: string,
): Promise<{ decisions: number; oldestAt: string | null } | null> {
  const su = await clinic.superuser();
  try {
    const { rows } = await su.query<{ decisions: number | null; oldest: Date | null }>(
      'SELECT unsent_decisions AS decisions, unsent_oldest_at AS oldest FROM tanu.desks WHERE name = $1',
      [deskName],
    );
    const row = rows[0];
    if (row?.decisions === null || row?.decisions === undefined) return null;
    return { decisions: row.decisions, oldestAt: row.oldest?.toISOString() ?? null };
  } finally {
    await su.end();
  }
}
