/** Operator accounts: scrypt-hashed secrets, roles, lockout after five failures, all audited. */
import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from '../../../src/core/crypto/secret-hash.ts';
import {
  authorize,
  MAX_FAILED_LOGINS,
  OperatorRegistry,
  type Operator,
} from '../../../src/core/operators/operators.ts';
import { openTestStore, type TestStore } from '../../support/store.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('operators');
const FAST = { N: 2 ** 10, r: 8, p: 1 }; // tests only; the app uses DEFAULT_SCRYPT
const system = { operatorId: 'system', deskId: 'setup' };

function setup(): TestStore & { operators: OperatorRegistry; admin: Operator } {
  const store = openTestStore(newDir());
  const operators = new OperatorRegistry({ ...store, scrypt: FAST });
  const admin = operators.create(
    { login: 'admin', displayName: 'Admin', role: 'admin', secret: 'correct horse battery' },
    system,
  );
  return { ...store, operators, admin };
}

const events = (s: TestStore) => s.db.prepare('SELECT event FROM audit_log ORDER BY seq').pluck().all();

describe('secret hashing', () => {
  it('stores scrypt parameters, salt and hash, never the secret, and verifies in constant time', () => {
    const stored = hashSecret('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(stored).not.toContain('horse');
    expect(hashSecret('correct horse battery')).not.toBe(stored); // salted
    expect(verifySecret('correct horse battery', stored)).toBe(true);
    expect(verifySecret('correct horse batterY', stored)).toBe(false);
    expect(verifySecret('x', 'plain text')).toBe(false);
    expect(verifySecret('x', 'scrypt$999999999$8$1$AAAA$AAAA')).toBe(false); // absurd cost is refused, not run
  });
});

describe('OperatorRegistry', () => {
  it('bootstraps one admin, then only admins create accounts', () => {
    const s = setup();
    expect(
      typedCode(() =>
        s.operators.create({ login: 'second', displayName: 'X', role: 'admin', secret: '12345678' }, system),
      ),
    ).toBe('NOT_AUTHORISED');
    const doctor = s.operators.create(
      { login: 'dr.aliya', displayName: 'Dr Aliya', role: 'doctor', secret: 'stethoscope' },
      { operatorId: s.admin.id, deskId: 'desk-1' },
    );
    expect(doctor).toMatchObject({ login: 'dr.aliya', role: 'doctor', locked: false, failedAttempts: 0 });
    expect(
      typedCode(() =>
        s.operators.create(
          { login: 'dr.other', displayName: 'Other', role: 'doctor', secret: 'stethoscope' },
          { operatorId: doctor.id, deskId: 'desk-1' },
        ),
      ),
    ).toBe('NOT_AUTHORISED');
    const raw = s.db
      .prepare('SELECT secret_hash FROM operator WHERE id = ?')
      .pluck()
      .get(doctor.id) as string;
    expect(raw).toMatch(/^scrypt\$/);
    expect(raw).not.toContain('stethoscope');
    expect(events(s)).toEqual(['operator_created', 'operator_created']);
    s.db.close();
  });

  it('refuses bad accounts with typed errors and writes nothing', () => {
    const s = setup();
    const actor = { operatorId: s.admin.id, deskId: 'desk-1' };
    const ok = {
      login: 'reg.one',
      displayName: 'Registrar',
      role: 'registrar' as const,
      secret: 'longenough',
    };
    for (const [input, code] of [
      [{ ...ok, login: 'Reg One' }, 'INVALID_OPERATOR'],
      [{ ...ok, login: 'ab' }, 'INVALID_OPERATOR'],
      [{ ...ok, role: 'superuser' }, 'INVALID_OPERATOR'],
      [{ ...ok, secret: 'short' }, 'INVALID_OPERATOR'],
      [{ ...ok, displayName: ' ' }, 'INVALID_OPERATOR'],
      [{ ...ok, login: 'admin' }, 'OPERATOR_EXISTS'],
    ] as const) {
      expect(
        typedCode(() => s.operators.create(input as typeof ok, actor)),
        JSON.stringify(input),
      ).toBe(code);
    }
    expect(s.operators.count()).toBe(1);
    expect(events(s)).toEqual(['operator_created']);
    s.db.close();
  });

  it('logs in, and resets the failure count on success', () => {
    const s = setup();
    expect(typedCode(() => s.operators.authenticate('admin', 'wrong secret', 'desk-1'))).toBe(
      'AUTHENTICATION_FAILED',
    );
    expect(s.operators.get(s.admin.id).failedAttempts).toBe(1);
    expect(s.operators.authenticate('admin', 'correct horse battery', 'desk-1').failedAttempts).toBe(0);
    expect(typedCode(() => s.operators.authenticate('nobody', 'correct horse battery', 'desk-1'))).toBe(
      'AUTHENTICATION_FAILED',
    );
    expect(events(s)).toEqual([
      'operator_created',
      'operator_login_failed',
      'operator_login',
      'operator_login_failed',
    ]);
    // A failed login with an unknown name is attributed to 'system'; the typed name is not stored.
    expect(s.db.prepare('SELECT operator_id FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get()).toBe(
      'system',
    );
    s.db.close();
  });

  it(`locks the account after ${MAX_FAILED_LOGINS} failures, even against the right secret, until an admin unlocks it`, () => {
    const s = setup();
    const actor = { operatorId: s.admin.id, deskId: 'desk-1' };
    s.operators.create({ login: 'dr.b', displayName: 'Dr B', role: 'doctor', secret: 'stethoscope' }, actor);
    const codes = Array.from({ length: MAX_FAILED_LOGINS }, () =>
      typedCode(() => s.operators.authenticate('dr.b', 'guess', 'desk-2')),
    );
    expect(codes).toEqual([...Array(MAX_FAILED_LOGINS - 1).fill('AUTHENTICATION_FAILED'), 'OPERATOR_LOCKED']);
    expect(typedCode(() => s.operators.authenticate('dr.b', 'stethoscope', 'desk-2'))).toBe(
      'OPERATOR_LOCKED',
    );
    const doctor = s.db.prepare("SELECT id FROM operator WHERE login = 'dr.b'").pluck().get() as string;
    expect(s.operators.get(doctor)).toMatchObject({ locked: true, failedAttempts: MAX_FAILED_LOGINS });
    expect(() => authorize(s.operators.get(doctor), 'identify')).toThrow(/may not/);
    expect(
      s.db
        .prepare("SELECT count(*) FROM audit_log WHERE event = 'operator_locked' AND operator_id = ?")
        .pluck()
        .get(doctor),
    ).toBe(1);
    s.operators.unlock(doctor, actor);
    expect(s.operators.authenticate('dr.b', 'stethoscope', 'desk-2')).toMatchObject({ locked: false });
    s.db.close();
  });

  it('allows each role only its own actions', () => {
    const op = (role: Operator['role']): Operator => ({
      id: 'x',
      login: 'x',
      displayName: 'x',
      role,
      locked: false,
      failedAttempts: 0,
    });
    expect(() => authorize(op('doctor'), 'identify')).not.toThrow();
    expect(typedCode(() => authorize(op('doctor'), 'enrol'))).toBe('NOT_AUTHORISED');
    expect(() => authorize(op('registrar'), 'enrol')).not.toThrow();
    expect(typedCode(() => authorize(op('registrar'), 'audit_export'))).toBe('NOT_AUTHORISED');
    expect(() => authorize(op('admin'), 'audit_export')).not.toThrow();
    expect(typedCode(() => authorize(op('admin'), 'identify'))).toBe('NOT_AUTHORISED');
  });
});
