/**
 * The code service on a real SQLite file with a hand-moved clock: expiry, single use, lock-out,
 * the hourly limit, supersession, two processes racing with the right code, and the code's absence
 * from every byte on disk and every audit row.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import { CodeService, type CodeCheck } from '../../../src/core/codes/code-service.ts';
import { CODE_TTL_MS } from '../../../src/core/codes/code-policy.ts';
import { newPatient, openTestRegistry, rowCount, type TestRegistry } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('codes');
const VERIFIER = fileURLToPath(new URL('../../support/code-verifier.ts', import.meta.url));
const HOUR_MS = 60 * 60 * 1000;

interface Setup extends TestRegistry {
  codes: CodeService;
  patientId: string;
}

function setup(): Setup {
  const r = openTestRegistry(newDir());
  return { ...r, codes: new CodeService(r), patientId: r.patients.register(newPatient(), r.actor).id };
}

/** A six-digit code that is certainly not `code`. */
function wrongFor(code: string): string {
  return `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;
}

function codeEvents(s: Setup, visitId: string): string[] {
  return [...s.store.rows.audit.rows()].filter((r) => r.visitId === visitId).map((r) => r.event);
}

function state(s: Setup): unknown {
  return {
    codes: s.db.prepare('SELECT * FROM identification_code ORDER BY id').all(),
    audit: rowCount(s, 'audit_log'),
  };
}

describe('CodeService', () => {
  it('gives new, unrelated codes after the database is put back to an earlier copy (no counter to rewind)', () => {
    const s = setup();
    const visits = [randomUUID(), randomUUID(), randomUUID()];
    const copy = join(newDir(), 'earlier.sqlite');
    s.db.prepare('VACUUM INTO ?').run(copy);
    const before = visits.map((v) => s.codes.issue(s.patientId, v, s.actor, s.clock.now()).code);
    // The same database state as before those codes: with HOTP on a stored counter (as before
    // migration 014) the same three codes came out again, and whoever saw them knew the next ones.
    s.store.close();
    copyFileSync(copy, s.dbPath);
    for (const side of ['-wal', '-shm']) rmSync(`${s.dbPath}${side}`, { force: true });
    const again = openTestRegistry(s.dir);
    const codes = new CodeService(again);
    const after = visits.map((v) => codes.issue(s.patientId, v, again.actor, again.clock.now()).code);
    // Six random six-digit codes: a coincidence has a chance of 9 in a million.
    expect(after.filter((c) => before.includes(c))).toEqual([]);
    again.store.close();
  });

  it('binds each code to its visit: the row of a code moved to another visit no longer verifies', () => {
    const s = setup();
    const [a, b] = [randomUUID(), randomUUID()];
    const issued = s.codes.issue(s.patientId, a, s.actor, s.clock.now());
    // Someone with the database moves the row (hash and salt) to another visit of the patient.
    s.db.prepare('UPDATE identification_code SET visit_id = ? WHERE visit_id = ?').run(b, a);
    expect(s.codes.verify(b, issued.code, s.actor, s.clock.now())).toEqual({ status: 'wrong', triesLeft: 4 });
  });
  it('issues six digits that verify once, audited as sent and verified', () => {
    const s = setup();
    const visitId = randomUUID();
    const issued = s.codes.issue(s.patientId, visitId, s.actor, s.clock.now());
    expect(issued.code).toMatch(/^[0-9]{6}$/);
    expect(issued.expiresAt.getTime() - s.clock.now().getTime()).toBe(CODE_TTL_MS);
    expect(s.codes.verify(visitId, issued.code, s.actor, s.clock.now())).toEqual({
      status: 'ok',
      patientId: s.patientId,
    });
    expect(codeEvents(s, visitId)).toEqual(['code_sent', 'code_verified']);
    expect(verifyChain(s.store.rows.audit, s.keys['audit-chain']).ok).toBe(true);
  });

  it('accepts a code 1 ms before 5 minutes and refuses it at exactly 5 minutes', () => {
    const s = setup();
    const early = randomUUID();
    const a = s.codes.issue(s.patientId, early, s.actor, s.clock.now());
    s.clock.advance(CODE_TTL_MS - 1);
    expect(s.codes.verify(early, a.code, s.actor, s.clock.now()).status).toBe('ok');

    const late = randomUUID();
    const b = s.codes.issue(s.patientId, late, s.actor, s.clock.now());
    s.clock.advance(CODE_TTL_MS);
    expect(s.codes.verify(late, b.code, s.actor, s.clock.now())).toEqual({ status: 'expired' });
    expect(codeEvents(s, late)).toEqual(['code_sent', 'code_failed']);
  });

  it('refuses a replay of a used code and audits the attempt', () => {
    const s = setup();
    const visitId = randomUUID();
    const { code } = s.codes.issue(s.patientId, visitId, s.actor, s.clock.now());
    expect(s.codes.verify(visitId, code, s.actor, s.clock.now()).status).toBe('ok');
    expect(s.codes.verify(visitId, code, s.actor, s.clock.now())).toEqual({ status: 'used' });
    expect(codeEvents(s, visitId)).toEqual(['code_sent', 'code_verified', 'code_failed']);
  });

  it('locks after 5 wrong tries; the right code afterwards still fails', () => {
    const s = setup();
    const visitId = randomUUID();
    const { code } = s.codes.issue(s.patientId, visitId, s.actor, s.clock.now());
    const results: CodeCheck[] = [];
    for (let i = 0; i < 5; i += 1)
      results.push(s.codes.verify(visitId, wrongFor(code), s.actor, s.clock.now()));
    expect(results).toEqual([
      { status: 'wrong', triesLeft: 4 },
      { status: 'wrong', triesLeft: 3 },
      { status: 'wrong', triesLeft: 2 },
      { status: 'wrong', triesLeft: 1 },
      { status: 'locked' },
    ]);
    expect(s.codes.verify(visitId, code, s.actor, s.clock.now())).toEqual({ status: 'locked' });
    expect(codeEvents(s, visitId)).toEqual([
      'code_sent',
      ...Array<string>(5).fill('code_failed'),
      'code_locked',
      'code_failed',
    ]);
    expect(s.db.prepare('SELECT state, failed_tries FROM identification_code').get()).toEqual({
      state: 'locked',
      failed_tries: 5,
    });
  });

  it('refuses a 4th code for a patient within an hour, and allows it once the hour has passed', () => {
    const s = setup();
    for (let i = 0; i < 3; i += 1) {
      s.codes.issue(s.patientId, randomUUID(), s.actor, s.clock.now());
      s.clock.advance(10 * 60 * 1000);
    }
    const before = state(s) as { audit: number };
    expect(typedCode(() => s.codes.issue(s.patientId, randomUUID(), s.actor, s.clock.now()))).toBe(
      'CODE_RATE_LIMITED',
    );
    // No code and no counter step; only the refusal itself is in the audit, with its method.
    expect(state(s)).toEqual({ ...before, audit: before.audit + 1 });
    const last = s.db.prepare('SELECT event, method FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    expect(last).toEqual({ event: 'code_rate_limited', method: 'code' });
    s.clock.advance(HOUR_MS - 30 * 60 * 1000 + 1); // the first code is now more than an hour old
    expect(s.codes.issue(s.patientId, randomUUID(), s.actor, s.clock.now()).code).toMatch(/^\d{6}$/);
    // The limit is per patient: another patient is not affected by this one's codes.
    const other = s.patients.register(newPatient(), s.actor).id;
    expect(s.codes.issue(other, randomUUID(), s.actor, s.clock.now()).code).toMatch(/^\d{6}$/);
  });

  it('a new code supersedes the unused previous one for the visit', () => {
    const s = setup();
    const visitId = randomUUID();
    const first = s.codes.issue(s.patientId, visitId, s.actor, s.clock.now());
    const second = s.codes.issue(s.patientId, visitId, s.actor, s.clock.now());
    expect(s.db.prepare('SELECT state FROM identification_code ORDER BY id').pluck().all()).toEqual([
      'superseded',
      'active',
    ]);
    if (first.code !== second.code) {
      expect(s.codes.verify(visitId, first.code, s.actor, s.clock.now())).toEqual({
        status: 'wrong',
        triesLeft: 4,
      });
    }
    expect(s.codes.verify(visitId, second.code, s.actor, s.clock.now()).status).toBe('ok');
  });

  it('two connections verifying the right code: the second sees it used', () => {
    const s = setup();
    const second = openTestRegistry(s.dir);
    const codes2 = new CodeService(second);
    const visitId = randomUUID();
    const { code } = s.codes.issue(s.patientId, visitId, s.actor, s.clock.now());
    expect(s.codes.verify(visitId, code, s.actor, s.clock.now()).status).toBe('ok');
    expect(codes2.verify(visitId, code, second.actor, s.clock.now())).toEqual({ status: 'used' });
    second.db.close();
  });

  it('two processes submitting the right code at the same moment: exactly one succeeds', async () => {
    const s = setup();
    const visitId = randomUUID();
    const { code } = s.codes.issue(s.patientId, visitId, s.actor, s.clock.now());
    const now = s.clock.now().toISOString();
    const children = [0, 1].map(() =>
      spawn(process.execPath, [VERIFIER, s.dbPath, s.keyPath, visitId, code, now], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const lines = children.map((c) => createInterface({ input: c.stdout })[Symbol.asyncIterator]());
    // Both connections open and waiting, then both released together.
    for (const l of lines) expect((await l.next()).value).toBe('ready');
    for (const c of children) c.stdin.write('go\n');
    const results = (await Promise.all(lines.map((l) => l.next()))).map(
      (r) => JSON.parse(r.value as string) as CodeCheck,
    );
    expect(results.map((r) => r.status).sort()).toEqual(['ok', 'used']);
    expect(codeEvents(s, visitId)).toEqual(['code_sent', 'code_verified', 'code_failed']);
    expect(verifyChain(s.store.rows.audit, s.keys['audit-chain']).ok).toBe(true);
  });

  it('leaves no trace of any code in the database file, the WAL or the audit rows', () => {
    const s = setup();
    const codes: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const visitId = randomUUID();
      const { code } = s.codes.issue(s.patientId, visitId, s.actor, s.clock.now());
      codes.push(code);
      s.codes.verify(visitId, wrongFor(code), s.actor, s.clock.now());
      if (i !== 1) s.codes.verify(visitId, code, s.actor, s.clock.now());
    }
    const files = [s.dbPath, `${s.dbPath}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
    expect(files.length).toBe(2);
    const audit = JSON.stringify(
      [...s.store.rows.audit.rows()].map((r) => ({ ...r, hash: r.hash.toString('hex') })),
    );
    for (const code of [...codes, ...codes.map(wrongFor)]) {
      for (const bytes of files) {
        expect(bytes.includes(Buffer.from(code, 'ascii'))).toBe(false);
        expect(bytes.includes(Buffer.from(code, 'utf16le'))).toBe(false);
      }
      expect(audit.includes(code)).toBe(false);
    }
  });

  it('rejects malformed input with a typed error and changes nothing', () => {
    const s = setup();
    const visitId = randomUUID();
    const { code } = s.codes.issue(s.patientId, visitId, s.actor, s.clock.now());
    const before = state(s);
    const bad: unknown[] = [
      '',
      '12345',
      '1234567',
      '12345a',
      ' 123456',
      '123456\n',
      '١٢٣٤٥٦',
      '１２３４５６',
      '12 456',
      '-12345',
      123456,
      null,
      undefined,
    ];
    for (const entered of bad) {
      expect(typedCode(() => s.codes.verify(visitId, entered as string, s.actor, s.clock.now()))).toBe(
        'CODE_MALFORMED',
      );
    }
    expect(typedCode(() => s.codes.verify('not-a-uuid', code, s.actor, s.clock.now()))).toBe(
      'INVALID_CODE_REQUEST',
    );
    expect(typedCode(() => s.codes.verify(randomUUID(), code, s.actor, s.clock.now()))).toBe(
      'CODE_NOT_FOUND',
    );
    expect(state(s)).toEqual(before);
    expect(s.codes.verify(visitId, code, s.actor, s.clock.now()).status).toBe('ok');
  });

  it("counts the other desks' codes towards the hour, and says on the row whose rows decided", () => {
    const s = setup();
    const detailOf = (visitId: string) =>
      [...s.store.rows.audit.rows()].filter((r) => r.visitId === visitId).map((r) => [r.event, r.detail]);
    const clinic = { scope: 'clinic' as const, codesIssued: 2 };
    const first = randomUUID();
    s.codes.issue(s.patientId, first, s.actor, s.clock.now(), { otherDesks: clinic });
    expect(detailOf(first)).toEqual([['code_sent', { scope: 'clinic' }]]);
    // One here and two elsewhere are the hour's three: the fourth is refused, at this clinic.
    const refused = randomUUID();
    const before = state(s) as { audit: number };
    expect(
      typedCode(() => s.codes.issue(s.patientId, refused, s.actor, s.clock.now(), { otherDesks: clinic })),
    ).toBe('CODE_RATE_LIMITED');
    expect(detailOf(refused)).toEqual([['code_rate_limited', { scope: 'clinic' }]]);
    expect(state(s)).toEqual({ ...before, audit: before.audit + 1 });
    // The clinic did not answer: this desk's one code is all it sees, and the row says so.
    const local = randomUUID();
    s.codes.issue(s.patientId, local, s.actor, s.clock.now(), {
      otherDesks: { scope: 'desk', codesIssued: 0 },
    });
    expect(detailOf(local)).toEqual([['code_sent', { scope: 'desk' }]]);
    // A single desk's code row has no scope; its refusal says the desk's rows decided.
    const single = randomUUID();
    s.codes.issue(s.patientId, single, s.actor, s.clock.now());
    expect(detailOf(single)).toEqual([['code_sent', null]]);
    const singleRefused = randomUUID();
    expect(typedCode(() => s.codes.issue(s.patientId, singleRefused, s.actor, s.clock.now()))).toBe(
      'CODE_RATE_LIMITED',
    );
    expect(detailOf(singleRefused)).toEqual([['code_rate_limited', { scope: 'desk' }]]);
  });

  it("refuses a count of the other desks' codes that is not a count, and changes nothing", () => {
    const s = setup();
    const before = state(s);
    for (const codesIssued of [-1, 1.5, Number.NaN]) {
      expect(
        typedCode(() =>
          s.codes.issue(s.patientId, randomUUID(), s.actor, s.clock.now(), {
            otherDesks: { scope: 'clinic', codesIssued },
          }),
        ),
      ).toBe('INVALID_CODE_REQUEST');
    }
    expect(state(s)).toEqual(before);
  });

  it('refuses to issue for an unknown patient or a visit of another patient', () => {
    const s = setup();
    expect(typedCode(() => s.codes.issue(randomUUID(), randomUUID(), s.actor, s.clock.now()))).toBe(
      'PATIENT_NOT_FOUND',
    );
    const visitId = randomUUID();
    s.codes.issue(s.patientId, visitId, s.actor, s.clock.now());
    const other = s.patients.register(newPatient(), s.actor).id;
    expect(typedCode(() => s.codes.issue(other, visitId, s.actor, s.clock.now()))).toBe(
      'INVALID_CODE_REQUEST',
    );
  });
});
