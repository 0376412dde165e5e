/**
 * Issue 13: the printed-slip path needs a second party. On a real SQLite desk with real accounts
 * (scrypt), the real code service and the real slip PDF: a doctor alone cannot finish a slip visit,
 * nor sign it off themselves; a wrong or locked second operator is refused; a registrar's or an
 * admin's sign-off lets the slip's code identify, audited under both, and `npm run audit -- verify`
 * accepts the chain.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBoundRecords } from '../../../src/core/audit/records-check.ts';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import type { Operator } from '../../../src/core/operators/operators.ts';
import type { Role } from '../../../src/shared/roles.ts';
import { readPdf } from '../slip/read-pdf.ts';
import { openTestDesk, type TestDesk } from '../../support/desk.ts';
import { ROOT } from '../../support/paths.ts';
import { newPatient } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedRejection } from '../../support/typed-errors.ts';

const tempDir = useTempDir('slip-sign-off');
const open: TestDesk[] = [];
const SECRET = 'correct horse 42';

afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

interface Staff {
  t: TestDesk;
  admin: Operator;
  doctor: Operator;
  otherDoctor: Operator;
  registrar: Operator;
}

async function deskWithStaff(): Promise<Staff> {
  const t = await openTestDesk(tempDir());
  open.push(t);
  const admin = t.operators.create(
    { login: 'admin', displayName: 'Admin Asel', role: 'admin', secret: SECRET },
    { operatorId: 'system', deskId: 'desk-1' },
  );
  const asAdmin = { operatorId: admin.id, deskId: 'desk-1' };
  const make = (login: string, displayName: string, role: Role) =>
    t.operators.create({ login, displayName, role, secret: SECRET }, asAdmin);
  return {
    t,
    admin,
    doctor: make('dr.aida', 'Dr Aida Bekova', 'doctor'),
    otherDoctor: make('dr.nurlan', 'Dr Nurlan Sadykov', 'doctor'),
    registrar: make('reg.dana', 'Dana Registrar', 'registrar'),
  };
}

/** A patient without a phone refuses the photo: the slip is printed; returns the visit and its code. */
async function slipVisit(s: Staff): Promise<{ visitId: string; code: string }> {
  const { t, doctor } = s;
  const patientId = t.patients.register(newPatient({ phone: 'none' }), t.actor).id;
  const { visitId } = t.desk.start({ operatorId: doctor.id, deskId: 'desk-1' }, doctor.displayName);
  await t.desk.selectPatient(visitId, patientId);
  await t.desk.chooseVisitType(visitId, 'in-person');
  const view = await t.desk.refuseConsent(visitId);
  expect(view).toMatchObject({ phase: 'codeSent', channel: 'slip', slipReady: true });
  const digits = /(\d{3}) (\d{3})/.exec((await readPdf(t.desk.takeSlip(visitId))).text);
  if (digits === null) throw new Error('the slip has no code');
  expect((await t.desk.act(visitId, 'beginEntry')).phase).toBe('slipSignOff');
  return { visitId, code: `${digits[1]}${digits[2]}` };
}

function rows(t: TestDesk, visitId: string) {
  return t.db
    .prepare(
      'SELECT event, operator_id AS operatorId, method, detail FROM audit_log WHERE visit_id = ? ORDER BY seq',
    )
    .all(visitId) as { event: string; operatorId: string; method: string | null; detail: string | null }[];
}

function identifiedDecisions(t: TestDesk, visitId: string): number {
  return t.db
    .prepare("SELECT count(*) FROM decision WHERE visit_id = ? AND outcome = 'identified'")
    .pluck()
    .get(visitId) as number;
}

function visitEnd(t: TestDesk, visitId: string): string | null {
  return t.db.prepare('SELECT end_state FROM visit WHERE id = ?').pluck().get(visitId) as string | null;
}

/** Nothing identifies the patient, the visit is open, the slip's code is untouched. */
function nothingIdentified(t: TestDesk, visitId: string): void {
  expect(identifiedDecisions(t, visitId)).toBe(0);
  expect(visitEnd(t, visitId)).toBeNull();
  expect(rows(t, visitId).map((r) => r.event)).not.toContain('slip_signed_off');
  expect(rows(t, visitId).map((r) => r.event)).not.toContain('code_verified');
  expect(t.desk.view(visitId).phase).toBe('slipSignOff');
}

async function auditCli(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'scripts', 'audit.ts'), ...args],
      { cwd: ROOT },
    );
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('a slip visit needs a second operator', () => {
  it('the doctor alone: the slip code typed without a sign-off is refused and nothing is identified', async () => {
    const s = await deskWithStaff();
    const { visitId, code } = await slipVisit(s);
    expect(await typedRejection(s.t.desk.submitCode(visitId, code))).toBe('SLIP_SIGN_OFF_NEEDED');
    expect(await typedRejection(s.t.desk.act(visitId, 'beginEntry'))).toBe('INVALID_EVENT');
    nothingIdentified(s.t, visitId);
    // The refusal cost no try: the code is still live, unchecked.
    const codeRow = s.t.db
      .prepare('SELECT state, failed_tries FROM identification_code WHERE visit_id = ?')
      .get(visitId) as { state: string; failed_tries: number };
    expect(codeRow).toEqual({ state: 'active', failed_tries: 0 });
  });

  it('the doctor signing off their own visit is refused, so is another doctor', async () => {
    const s = await deskWithStaff();
    const { visitId } = await slipVisit(s);
    expect(await typedRejection(s.t.desk.signOffSlip(visitId, 'dr.aida', SECRET))).toBe('NOT_AUTHORISED');
    expect(await typedRejection(s.t.desk.signOffSlip(visitId, 'dr.nurlan', SECRET))).toBe('NOT_AUTHORISED');
    nothingIdentified(s.t, visitId);
    // Both tries are on record under whoever typed the right password, naming the visit's doctor.
    const refused = rows(s.t, visitId).filter((r) => r.event === 'slip_sign_off_refused');
    expect(refused.map((r) => [r.operatorId === s.doctor.id, JSON.parse(r.detail ?? 'null')])).toEqual([
      [true, { doctorId: s.doctor.id, reason: 'own-visit' }],
      [false, { doctorId: s.doctor.id, reason: 'role' }],
    ]);
  });

  it('a wrong password is refused and counted as a failed sign-in; five lock the account, which stays refused', async () => {
    const s = await deskWithStaff();
    const { visitId } = await slipVisit(s);
    for (let i = 0; i < 4; i += 1) {
      expect(await typedRejection(s.t.desk.signOffSlip(visitId, 'reg.dana', 'wrong secret'))).toBe(
        'AUTHENTICATION_FAILED',
      );
    }
    expect(await typedRejection(s.t.desk.signOffSlip(visitId, 'reg.dana', 'wrong secret'))).toBe(
      'OPERATOR_LOCKED',
    );
    // Locked: even the right password is refused now, as at sign-in.
    expect(await typedRejection(s.t.desk.signOffSlip(visitId, 'reg.dana', SECRET))).toBe('OPERATOR_LOCKED');
    expect(await typedRejection(s.t.desk.signOffSlip(visitId, 'nobody.here', SECRET))).toBe(
      'AUTHENTICATION_FAILED',
    );
    const failures = s.t.db
      .prepare("SELECT count(*) FROM audit_log WHERE event = 'operator_login_failed' AND operator_id = ?")
      .pluck()
      .get(s.registrar.id);
    expect(failures).toBe(6);
    expect(s.t.operators.get(s.registrar.id).locked).toBe(true);
    nothingIdentified(s.t, visitId);
  });

  it("a registrar's sign-off: the code identifies by slip, audited under both, and the audit CLI verifies", async () => {
    const s = await deskWithStaff();
    const { t } = s;
    const { visitId, code } = await slipVisit(s);
    const signed = await t.desk.signOffSlip(visitId, 'reg.dana', SECRET);
    expect(signed.phase).toBe('codeEntry');
    const done = await t.desk.submitCode(visitId, code);
    expect(done).toMatchObject({ phase: 'identified', method: 'slip' });
    expect(identifiedDecisions(t, visitId)).toBe(1);
    expect(visitEnd(t, visitId)).toBe('identified');

    const trail = rows(t, visitId);
    const signOff = trail.find((r) => r.event === 'slip_signed_off');
    expect(signOff).toMatchObject({ operatorId: s.registrar.id, method: 'slip' });
    expect(JSON.parse(signOff?.detail ?? 'null')).toEqual({ doctorId: s.doctor.id });
    expect(trail.find((r) => r.event === 'code_verified')).toMatchObject({ operatorId: s.doctor.id });
    // The sign-off comes before the verified code, and it started no session of the registrar.
    const order = trail.map((r) => r.event);
    expect(order.indexOf('slip_signed_off')).toBeLessThan(order.indexOf('code_verified'));
    expect(t.db.prepare("SELECT count(*) FROM audit_log WHERE event = 'operator_login'").pluck().get()).toBe(
      0,
    );
    expect(verifyChain(t.store.rows.audit, t.keys['audit-chain']).ok).toBe(true);
    expect(checkBoundRecords(t.store.rows)).toBeNull();

    // The whole desk file through `npm run audit -- verify`, as IT would run it.
    t.store.close();
    const db = new Database(t.dbPath);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const out = await auditCli('verify', '--db', t.dbPath, '--key', t.keyPath);
    expect(out.code).toBe(0);
    open.splice(open.indexOf(t), 1);
    await t.gateway.close();
  });

  it("an admin may sign off too (a one-desk clinic's other person)", async () => {
    const s = await deskWithStaff();
    const { visitId, code } = await slipVisit(s);
    await s.t.desk.signOffSlip(visitId, 'admin', SECRET);
    expect(await s.t.desk.submitCode(visitId, code)).toMatchObject({ phase: 'identified', method: 'slip' });
    const signOff = rows(s.t, visitId).find((r) => r.event === 'slip_signed_off');
    expect(signOff?.operatorId).toBe(s.admin.id);
  });

  it('a sign-off outside the sign-off step is refused', async () => {
    const s = await deskWithStaff();
    const { visitId } = t0(s);
    expect(await typedRejection(s.t.desk.signOffSlip(visitId, 'reg.dana', SECRET))).toBe('INVALID_EVENT');
  });
});

/** A visit that has just started (no patient yet). */
function t0(s: Staff): { visitId: string } {
  return s.t.desk.start({ operatorId: s.doctor.id, deskId: 'desk-1' }, s.doctor.displayName);
}
