/**
 * A desk database put back behind what it pushed, against a real PostgreSQL: restored from an
 * older backup (the database alone, or the whole data folder with its acknowledgement file), or
 * with its audit tail deleted. The desk's start check catches it from the sealed file, the
 * clinic's head catches it online, the clinic refuses the restored desk's new rows as a fork, and
 * the clinic's own copy stays intact. `clinic verify` (the command IT runs) exits 1 on each: from
 * the refusal the clinic kept, or from the desk's start check telling the clinic (migration 010).
 */
import { copyFileSync, rmSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { checkAgainstAck, checkAgainstClinic } from '../../src/core/clinic-sync/ack-check.ts';
import { ClinicSync } from '../../src/core/clinic-sync/clinic-sync.ts';
import { isEvidenceRefused } from '../../src/core/clinic-sync/evidence-push.ts';
import { clinicCli } from '../support/clinic-cli.ts';
import { describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';
import { evidenceAtClinic, openEvidenceDesk, type EvidenceDesk } from '../support/evidence-desk.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { typedRejection } from '../support/typed-errors.ts';

const clinic = useClinicDb('evidence_start');
const tempDir = useTempDir('evidence-start');
const open: EvidenceDesk[] = [];

afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

async function deskIn(dir: string, clinicDesk: TestDesk): Promise<EvidenceDesk> {
  const t = await openEvidenceDesk(dir, clinicDesk.name);
  open.push(t);
  return t;
}

/** Closes the desk, puts `files` back over the live ones (a restore), and opens it again. */
async function restore(
  t: EvidenceDesk,
  clinicDesk: TestDesk,
  files: [string, string][],
): Promise<EvidenceDesk> {
  open.splice(open.indexOf(t), 1);
  await t.close();
  rmSync(`${t.dbPath}-wal`, { force: true });
  rmSync(`${t.dbPath}-shm`, { force: true });
  for (const [from, to] of files) copyFileSync(from, to);
  return deskIn(t.dir, clinicDesk);
}

/** `npm run clinic -- verify` as IT runs it: its exit code and its line for `deskName`. */
async function verifyLine(deskName: string): Promise<{ code: number; line: string | undefined }> {
  const out = await clinicCli('verify', '--url', clinic.url());
  return { code: out.code, line: out.stdout.split('\n').find((l) => l.split(' ').includes(`${deskName}:`)) };
}

async function lastContact(deskName: string): Promise<unknown> {
  const su = await clinic.superuser();
  const result = await su.query('SELECT last_contact_at AS at FROM tanu.desks WHERE name = $1', [deskName]);
  await su.end();
  return result.rows[0]?.at;
}

describeClinic('the start check against a real clinic', () => {
  it('a database restored from an older backup: caught at start from the file and by the clinic’s head; its new rows refused as a fork', async () => {
    const desk = await clinic.addDesk('ev-restored');
    const t = await deskIn(tempDir(), desk);
    const api = await desk.api();
    await t.visit();
    await t.pusher.push(api);
    const older = `${t.dir}/older.db`;
    await t.store.backupTo(older);
    const olderSeq = t.store.rows.audit.head()?.seq ?? 0;
    await t.visit();
    await t.visit();
    await t.pusher.push(api);
    const pushed = t.store.rows.audit.head();
    const before = await evidenceAtClinic(clinic, desk.name);
    expect(before.verdict).toMatchObject({ problem: null });

    const r = await restore(t, desk, [[older, t.dbPath]]);
    const verdict = checkAgainstAck(r.store, r.ackFile);
    expect(verdict).toMatchObject({
      ok: false,
      problem: 'behind',
      source: 'file',
      ack: pushed,
      localSeq: olderSeq,
    });
    expect(verdict.line).toMatch(
      /FAIL .* up to row \d+, but the local chain ends at row \d+: .*older backup/,
    );
    const online = checkAgainstClinic(r.store, await api.heads(), r.ackFile);
    expect(online).toMatchObject({ ok: false, problem: 'behind', source: 'clinic', ack: pushed });

    // The restored desk works on and tries to push: rows up to the backup are the clinic's own
    // (skipped), the first new one differs from the clinic's row at its seq.
    await r.visit();
    const contactBefore = await lastContact(desk.name);
    expect(contactBefore).toBeInstanceOf(Date);
    const refused = await r.pusher.push(api).catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'ClinicError', code: 'CLINIC_CHAIN_FORK' });
    expect(isEvidenceRefused(refused)).toBe(true);
    expect(r.store.rows.evidence.ack()?.seq).toBe(olderSeq);
    // The clinic's copy is what the desk pushed before the restore: none of the refused rows.
    const after = await evidenceAtClinic(clinic, desk.name);
    expect({ ...after, verdict: null }).toEqual({ ...before, verdict: null });
    expect(after.verdict).toMatchObject({ head: pushed, acked: pushed?.seq });
    // Yet the clinic kept the refusal (and the contact), so `clinic verify` finds the desk.
    expect(after.verdict).toMatchObject({
      problem: 'fork',
      message: expect.stringMatching(/^the clinic refused a push at .*: seq \d+ differs from the row/),
    });
    expect(await lastContact(desk.name)).not.toEqual(contactBefore);
    const verify = await verifyLine(desk.name);
    expect(verify.code).toBe(1);
    expect(verify.line).toMatch(/^BAD FORK /);
  });

  it('the whole data folder restored (database and acknowledgement file): the file cannot tell, the clinic’s head does', async () => {
    const desk = await clinic.addDesk('ev-folder');
    const t = await deskIn(tempDir(), desk);
    const api = await desk.api();
    await t.visit();
    await t.pusher.push(api);
    const [olderDb, olderAck] = [`${t.dir}/older.db`, `${t.dir}/older.ack`];
    await t.store.backupTo(olderDb);
    copyFileSync(t.ackFile.path, olderAck);
    await t.visit();
    await t.pusher.push(api);

    const r = await restore(t, desk, [
      [olderDb, t.dbPath],
      [olderAck, t.ackFile.path],
    ]);
    expect(checkAgainstAck(r.store, r.ackFile)).toMatchObject({ ok: true, warning: null });
    expect(checkAgainstClinic(r.store, await api.heads(), r.ackFile)).toMatchObject({
      ok: false,
      problem: 'behind',
      source: 'clinic',
    });
    // Nothing new on the restored desk: nothing to push. The first new row is a fork.
    expect((await r.pusher.push(api)).batches).toBe(0);
    await r.visit();
    expect((await evidenceAtClinic(clinic, desk.name)).verdict).toMatchObject({ problem: null });
    expect(await typedRejection(r.pusher.push(api))).toBe('CLINIC_CHAIN_FORK');
    expect((await evidenceAtClinic(clinic, desk.name)).verdict).toMatchObject({ problem: 'fork' });
    expect((await verifyLine(desk.name)).line).toMatch(/^BAD FORK /);
  });

  it('the audit tail deleted on the desk (triggers dropped): caught at start, and by the clinic’s head', async () => {
    const desk = await clinic.addDesk('ev-tail');
    const t = await deskIn(tempDir(), desk);
    const api = await desk.api();
    await t.visit();
    await t.visit();
    await t.pusher.push(api);
    const head = t.store.rows.audit.head();
    t.db.exec('DROP TRIGGER audit_log_no_delete');
    t.db.exec(`DELETE FROM audit_log WHERE seq > ${(head?.seq ?? 0) - 4}`);
    const verdict = checkAgainstAck(t.store, t.ackFile);
    expect(verdict).toMatchObject({ ok: false, problem: 'behind', source: 'file', ack: head });
    expect(checkAgainstClinic(t.store, await api.heads())).toMatchObject({ ok: false, problem: 'behind' });
    expect((await evidenceAtClinic(clinic, desk.name)).verdict).toMatchObject({ problem: null, head });

    // The desk as the runtime runs it: stopped at start, it tells the clinic why, every round
    // (kept once), and `clinic verify` names the desk while its copy at the clinic is untouched.
    const sync = new ClinicSync({
      desk: desk.name,
      server: '127.0.0.1/test',
      connect: () => desk.connect(),
      store: t.store,
      ackFile: t.ackFile,
      clock: t.clock,
      intervalMs: null,
    });
    await sync.sync();
    await sync.sync();
    await sync.close();
    expect(sync.problem()).toMatchObject({ kind: 'chain', verdict: { problem: 'behind' } });
    const localSeq = t.store.rows.audit.tip().seq;
    expect((await evidenceAtClinic(clinic, desk.name)).verdict).toMatchObject({
      head,
      problem: 'rollback',
      message: expect.stringMatching(
        new RegExp(
          `^the desk reported at .*: the desk found its chain behind: it ends at seq ${localSeq}, the clinic acknowledged seq ${head?.seq}$`,
        ),
      ),
    });
    const verify = await verifyLine(desk.name);
    expect(verify.code).toBe(1);
    expect(verify.line).toMatch(/^BAD ROLLBACK /);
  });
});
