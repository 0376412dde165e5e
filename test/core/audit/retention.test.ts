/**
 * The retention purge on a real database: old audit rows and consents go, the chain still verifies
 * from its anchor, the purge is itself in the chain, and the append-only guard still holds.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportAudit } from '../../../src/core/audit/export.ts';
import { purgeExpired } from '../../../src/core/audit/retention.ts';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import { ConsentRegistry } from '../../../src/core/enrolment/consent.ts';
import { OperatorRegistry } from '../../../src/core/operators/operators.ts';
import { newPatient, openTestRegistry, rowCount, type TestRegistry } from '../../support/registry.ts';
import { auditOf } from '../../support/store.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('retention');
const DAY = 24 * 60 * 60 * 1000;

interface World extends TestRegistry {
  consents: ConsentRegistry;
  chainKey: Buffer;
  /** Registers an adult patient and records their consent now; returns the patient id. */
  consented(): string;
  purge(retentionDays: number): ReturnType<typeof purgeExpired>;
  verify(): ReturnType<typeof verifyChain>;
}

function world(): World {
  const r = openTestRegistry(newDir());
  const operators = new OperatorRegistry({ ...r, scrypt: { N: 1024, r: 8, p: 1 } });
  const registrar = operators.create(
    { login: 'admin', displayName: 'A', role: 'admin', secret: '12345678' },
    { operatorId: 'system', deskId: 'setup' },
  );
  const actor = { operatorId: registrar.id, deskId: 'desk-1' };
  const consents = new ConsentRegistry({ ...r });
  const chainKey = r.keys['audit-chain'];
  return {
    ...r,
    actor,
    consents,
    chainKey,
    consented() {
      const p = r.patients.register(newPatient(), actor);
      consents.record(
        { patientId: p.id, givenBy: p.id, decision: 'given', purpose: 'face_identification' },
        actor,
      );
      return p.id;
    },
    purge: (retentionDays) => purgeExpired({ ...r, chainKey, deskId: 'desk-1' }, { retentionDays }),
    verify: () => verifyChain(r.store.rows.audit, chainKey),
  };
}

/** A stand-in template row: the retention rule only asks whether one exists. */
function giveTemplate(w: World, patientId: string): void {
  w.db
    .prepare(
      `INSERT INTO face_template (patient_id, model_id, model_version, sealed, created_at)
       VALUES (?, 'face-api', '1.7.15', ?, ?)`,
    )
    .run(patientId, Buffer.alloc(48, 1), w.clock.now().toISOString());
}

const seqs = (w: World) => w.db.prepare('SELECT seq FROM audit_log ORDER BY seq').pluck().all() as number[];
const consentOf = (w: World, patientId: string) =>
  w.db.prepare('SELECT count(*) FROM consent WHERE patient_id = ?').pluck().get(patientId) as number;

/**
 * Day 0: an operator, patient A (consent, template) and B (consent, no template). Day 200: patient C
 * (consent, no template). Day 400: purge with a 365-day period, so the cut-off is day 35.
 */
function purgedWorld() {
  const w = world();
  const a = w.consented();
  giveTemplate(w, a);
  const b = w.consented();
  const oldRows = seqs(w).length;
  w.clock.advance(200 * DAY);
  const c = w.consented();
  w.record({ ...w.actor, event: 'operator_login' });
  const newRows = seqs(w).length - oldRows;
  w.clock.advance(200 * DAY);
  const result = w.purge(365);
  return { w, a, b, c, oldRows, newRows, result };
}

describe('purgeExpired', () => {
  it('removes audit rows older than the period, keeps the newer ones, and still verifies', () => {
    const { w, oldRows, newRows, result } = purgedWorld();
    expect(result).toMatchObject({
      cutoff: new Date(Date.parse('2026-11-22T09:00:00.000Z') + 35 * DAY).toISOString(),
      auditRows: oldRows,
      anchorSeq: oldRows,
    });
    // The newer rows and the purge row remain, numbered on from the anchor.
    expect(seqs(w)).toEqual(Array.from({ length: newRows + 1 }, (_, i) => oldRows + 1 + i));
    const stale = w.db.prepare('SELECT count(*) FROM audit_log WHERE at < ?').pluck().get(result.cutoff);
    expect(stale).toBe(0);
    expect(w.store.rows.audit.anchor()).toMatchObject({ seq: oldRows });
    expect(w.store.rows.audit.anchor().hash.toString('hex')).toBe(result.anchorHash);
    expect(w.verify()).toMatchObject({
      ok: true,
      rows: newRows + 1,
      head: { seq: result.row.seq, hash: result.row.hash.toString('hex') },
    });
    w.db.close();
  });

  it('writes its own audit row, by the system at this desk, into the chain', () => {
    const { w, oldRows, result } = purgedWorld();
    const last = w.db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get() as Record<
      string,
      unknown
    >;
    expect(last).toMatchObject({
      seq: result.row.seq,
      operator_id: 'system',
      // The desk's own id: the clinic takes only rows naming the desk that pushes them.
      desk_id: 'desk-1',
      event: 'audit_purged',
      patient_id: null,
    });
    expect(JSON.parse(last['detail'] as string)).toEqual({
      cutoff: result.cutoff,
      auditRows: oldRows,
      consents: 1,
      anchorSeq: oldRows,
      anchorHash: result.anchorHash,
    });
    // Later rows chain on from it.
    w.record({ ...w.actor, event: 'operator_login' });
    expect(w.verify()).toMatchObject({ ok: true });
    w.db.close();
  });

  it('purges expired consents, except those of a patient who still has a template', () => {
    const { w, a, b, c, result } = purgedWorld();
    expect(result.consents).toBe(1);
    expect(consentOf(w, a)).toBe(1); // old, but the template still depends on it
    expect(consentOf(w, b)).toBe(0); // old, no template
    expect(consentOf(w, c)).toBe(1); // recent
    w.db.close();
  });

  it('ages a withdrawn consent from its withdrawal', () => {
    const w = world();
    const p = w.consented();
    w.clock.advance(300 * DAY);
    w.store.write((tx) => w.consents.withdraw(tx, p, w.actor));
    w.clock.advance(100 * DAY);
    expect(w.purge(365).consents).toBe(0);
    w.clock.advance(300 * DAY);
    expect(w.purge(365).consents).toBe(1);
    expect(w.verify()).toMatchObject({ ok: true });
    w.db.close();
  });

  it('still rejects a plain DELETE, and the anchor cannot be removed or moved back', () => {
    const { w, oldRows } = purgedWorld();
    const first = seqs(w)[0] as number;
    expect(() => w.db.prepare('DELETE FROM audit_log WHERE seq = ?').run(first)).toThrow(/append-only/);
    expect(() => w.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => w.db.prepare('DELETE FROM audit_anchor').run()).toThrow(/cannot be removed/);
    expect(() => w.db.prepare('UPDATE audit_anchor SET seq = 1').run()).toThrow(/only moves forward/);
    expect(() => w.db.prepare('UPDATE audit_log SET desk_id = ? WHERE seq = ?').run('desk-9', first)).toThrow(
      /append-only/,
    );
    expect(w.store.rows.audit.anchor().seq).toBe(oldRows);
    expect(rowCount(w, 'audit_purge_marker')).toBe(0);
    w.db.close();
  });

  it('detects a row altered after the anchor', () => {
    const { w } = purgedWorld();
    const target = seqs(w)[1] as number;
    w.db.close();
    const raw = new Database(w.dbPath);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET desk_id = 'desk-9' WHERE seq = ?").run(target);
    expect(verifyChain(auditOf(raw), w.chainKey)).toMatchObject({
      ok: false,
      firstBadSeq: target,
      problem: 'altered',
    });
    raw.close();
  });

  it('detects rows removed from the start by imitating a purge without its audit row', () => {
    const { w } = purgedWorld();
    w.clock.advance(DAY);
    w.record({ ...w.actor, event: 'operator_login' });
    const [, second] = seqs(w) as [number, number];
    const hash = w.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(second);
    // Every step is allowed by the triggers, yet no purge row names the new anchor.
    w.db.transaction(() => {
      w.db.prepare('UPDATE audit_anchor SET seq = ?, hash = ?').run(second, hash);
      w.db.prepare('INSERT INTO audit_purge_marker (id, up_to_seq) VALUES (1, ?)').run(second);
      w.db.prepare('DELETE FROM audit_log WHERE seq <= ?').run(second);
      w.db.prepare('DELETE FROM audit_purge_marker').run();
    })();
    expect(w.verify()).toMatchObject({ ok: false, firstBadSeq: second + 1, problem: 'unrecorded_anchor' });
    w.db.close();
  });

  it('purges again later, including earlier purge rows, and everything when all is old', () => {
    const { w } = purgedWorld();
    w.clock.advance(400 * DAY);
    const before = seqs(w);
    const again = w.purge(365);
    expect(again.auditRows).toBe(before.length);
    expect(seqs(w)).toEqual([again.row.seq]);
    expect(again.anchorSeq).toBe(before.at(-1));
    expect(w.verify()).toMatchObject({ ok: true, rows: 1 });
    // With nothing old left, a purge removes nothing and keeps the anchor.
    const idle = w.purge(365);
    expect(idle).toMatchObject({ auditRows: 0, consents: 0, anchorSeq: again.anchorSeq });
    expect(w.verify()).toMatchObject({ ok: true, rows: 2 });
    w.db.close();
  });

  it('exports from the anchor: the first exported row chains to the anchor hash', () => {
    const { w, result } = purgedWorld();
    const lines: string[] = [];
    const out = exportAudit(w.store, w.chainKey, new Date(0), (l) => lines.push(l));
    expect(out).toMatchObject({ ok: true, exported: lines.length });
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      seq: result.anchorSeq + 1,
      prevHash: result.anchorHash,
    });
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({
      event: 'audit_purged',
      detail: { consents: 1 },
    });
    w.db.close();
  });

  it('refuses to purge a broken chain and a bad period, removing nothing', () => {
    const w = world();
    w.consented();
    w.clock.advance(400 * DAY);
    expect(typedCode(() => w.purge(0))).toBe('INVALID_RETENTION');
    expect(typedCode(() => w.purge(1.5))).toBe('INVALID_RETENTION');
    const rows = seqs(w).length;
    w.db.exec('DROP TRIGGER audit_log_no_update');
    w.db.prepare("UPDATE audit_log SET desk_id = 'desk-9' WHERE seq = 2").run();
    expect(typedCode(() => w.purge(365))).toBe('AUDIT_CHAIN_BROKEN');
    expect(seqs(w).length).toBe(rows);
    expect(rowCount(w, 'consent')).toBe(1);
    expect(w.store.rows.audit.anchor().seq).toBe(0);
    w.db.close();
  });

  it('refuses a detail on any event but audit_purged', () => {
    const w = world();
    const detail = {
      cutoff: '2026-01-01T00:00:00.000Z',
      auditRows: 0,
      consents: 0,
      anchorSeq: 0,
      anchorHash: '0'.repeat(64),
    };
    expect(typedCode(() => w.record({ ...w.actor, event: 'operator_login', detail }))).toBe(
      'INVALID_AUDIT_EVENT',
    );
    expect(typedCode(() => w.record({ operatorId: 'system', deskId: 'system', event: 'audit_purged' }))).toBe(
      'INVALID_AUDIT_EVENT',
    );
    w.db.close();
  });
});

describe('audit rows without a purge', () => {
  it('keep the hashes they had before retention existed (detail is hashed only when present)', () => {
    const w = world();
    const id = randomUUID();
    w.record({ ...w.actor, patientId: id, event: 'code_sent' });
    expect(w.verify()).toMatchObject({ ok: true });
    expect(
      w.db
        .prepare("SELECT count(*) FROM audit_log WHERE event = 'code_sent' AND detail IS NOT NULL")
        .pluck()
        .get(),
    ).toBe(0);
    w.db.close();
  });
});
