/**
 * Operator accounts: doctors identify, registrars register and enrol, admins handle settings,
 * reports, audit export and accounts. Secrets are scrypt-hashed; five failed logins in a row lock
 * the account for a while, longer each time (a desk PC sits in a corridor; guessing must not be
 * free, but a doctor who mistyped must not wait for an admin all day); an admin may unlock it sooner.
 * Every login, failure and lock is audited under the operator it concerns; an account created or
 * unlocked, under whoever did it, with the account in its detail.
 */
import { randomUUID } from 'node:crypto';
import { RegistryError } from '../../shared/registry-errors.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { ClinicOutbox } from '../clinic-sync/registry-outbox.ts';
import {
  DEFAULT_SCRYPT,
  dummySecretHash,
  hashSecret,
  verifySecret,
  type ScryptParams,
} from '../crypto/secret-hash.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { OperatorRow } from './operator-rows.ts';
import { SignInThrottle } from './sign-in-throttle.ts';

/** Who may do what. Admins do not identify or enrol: separation of duties against self-made visits. */
export const PERMISSIONS = {
  identify: ['doctor'],
  register_patient: ['registrar'],
  enrol: ['registrar'],
  withdraw_consent: ['registrar', 'admin'],
  settings: ['admin'],
  reports: ['admin'],
  audit_export: ['admin'],
  manage_operators: ['admin'],
  /**
   * Signing off a doctor's slip visit as the second party (visit-desk.ts). Registrars (reception,
   * who know the patient by sight and register them) and admins (on a one-desk clinic often the
   * only other person): neither may identify, so neither gains from a visit made up at a doctor's
   * desk. Not doctors: two doctors signing off each other's slips would be one party twice.
   */
  sign_off_slip: ['registrar', 'admin'],
  /** Printing a code slip at reception for a patient to take to the doctor (clinic mode). */
  issue_slip: ['registrar'],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof PERMISSIONS;

export const MAX_FAILED_LOGINS = 5;
/** The first lock lasts this long; each further one in a row twice as long, up to a day. */
export const FIRST_LOCK_MS = 15 * 60_000;
export const LONGEST_LOCK_MS = 24 * 60 * 60_000;

/** How long a lock lasts after `earlierLocks` timed locks in a row. */
export function lockDurationMs(earlierLocks: number): number {
  return Math.min(LONGEST_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(earlierLocks, 16));
}
const MIN_SECRET_LENGTH = 8;
const LOGIN = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export interface Operator {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  locked: boolean;
  failedAttempts: number;
}

export interface NewOperator {
  login: string;
  displayName: string;
  role: Role;
  secret: string;
}

const fromRow = (r: OperatorRow): Operator => ({
  id: r.id,
  login: r.login,
  displayName: r.display_name,
  role: r.role as Role,
  locked: r.locked === 1,
  failedAttempts: r.failed_attempts,
});

/** Whether the operator's role allows the action (and the account is not locked). */
function allows(operator: Operator, action: Action): boolean {
  return !operator.locked && (PERMISSIONS[action] as readonly Role[]).includes(operator.role);
}

/** Throws NOT_AUTHORISED unless the operator's role allows the action. */
export function authorize(operator: Operator, action: Action): void {
  if (!allows(operator, action)) {
    throw new RegistryError('NOT_AUTHORISED', `A ${operator.role} may not ${action.replaceAll('_', ' ')}.`);
  }
}

export interface OperatorDeps {
  store: DeskStore;
  audit: AuditLog;
  clock: Clock;
  /** Lower only in tests. */
  scrypt?: ScryptParams;
  /** In clinic mode, records an op for the clinic in the same transaction; none on a single desk. */
  clinic?: ClinicOutbox;
}

export class OperatorRegistry {
  readonly #deps: OperatorDeps;
  readonly #throttle: SignInThrottle;

  constructor(deps: OperatorDeps) {
    this.#deps = deps;
    this.#throttle = new SignInThrottle(deps.store.rows.throttle, deps.clock);
  }

  #rows() {
    return this.#deps.store.rows.operators;
  }

  get(id: string): Operator {
    const row = this.#rows().byId(id);
    if (!row) throw new RegistryError('INVALID_OPERATOR', `There is no operator ${id}.`);
    return fromRow(row);
  }

  /** The account as the store has it now, or null when it is gone (for the per-call re-read). */
  find(id: string): Operator | null {
    const row = this.#rows().byId(id);
    return row ? fromRow(row) : null;
  }

  /** The admin behind an actor, or NOT_AUTHORISED (unknown, locked, or not an admin). */
  #requireAdmin(actor: Actor): void {
    const row = actor.operatorId === 'system' ? null : this.#rows().byId(actor.operatorId);
    if (!row) throw new RegistryError('NOT_AUTHORISED', 'Only an admin account may do this.');
    authorize(fromRow(row), 'manage_operators');
  }

  /** Every account, by display name, for the admin's list and the report's names. */
  list(): Operator[] {
    return this.#rows().all().map(fromRow);
  }

  count(): number {
    return this.#rows().count();
  }

  /**
   * Creates an account. The actor must be an admin; the one exception is the very first account,
   * an admin created by 'system' during setup.
   */
  create(input: NewOperator, actor: Actor): Operator {
    const { store, audit, clock } = this.#deps;
    const bootstrap = actor.operatorId === 'system' && this.count() === 0;
    if (bootstrap && input.role !== 'admin') {
      throw new RegistryError('INVALID_OPERATOR', 'The first account must be an admin.');
    }
    if (!bootstrap) this.#requireAdmin(actor);
    if (typeof input.login !== 'string' || !LOGIN.test(input.login)) {
      throw new RegistryError(
        'INVALID_OPERATOR',
        'The login must be 3–32 lower-case letters, digits, dots, hyphens or underscores.',
      );
    }
    if (
      typeof input.displayName !== 'string' ||
      input.displayName.trim().length === 0 ||
      input.displayName.length > 200
    ) {
      throw new RegistryError('INVALID_OPERATOR', 'The display name must have 1 to 200 characters.');
    }
    if (!(ROLES as readonly unknown[]).includes(input.role)) {
      throw new RegistryError('INVALID_OPERATOR', `The role must be one of ${ROLES.join(', ')}.`);
    }
    if (
      typeof input.secret !== 'string' ||
      input.secret.length < MIN_SECRET_LENGTH ||
      input.secret.length > 200
    ) {
      throw new RegistryError(
        'INVALID_OPERATOR',
        `The secret must have at least ${MIN_SECRET_LENGTH} characters.`,
      );
    }
    const id = randomUUID();
    const secretHash = hashSecret(input.secret, this.#deps.scrypt ?? DEFAULT_SCRYPT);
    store.write((tx) => {
      if (this.#rows().byLogin(input.login) !== null) {
        throw new RegistryError('OPERATOR_EXISTS', `The login ${input.login} is taken.`);
      }
      if (bootstrap && this.#rows().count() > 0) {
        throw new RegistryError('NOT_AUTHORISED', 'Accounts already exist; an admin must create this one.');
      }
      this.#rows().insert(
        tx,
        {
          id,
          login: input.login,
          display_name: input.displayName.trim(),
          role: input.role,
          secret_hash: secretHash,
        },
        clock.now().toISOString(),
      );
      audit.append(tx, { ...actor, event: 'operator_created', detail: { account: id } });
      this.#deps.clinic?.operatorSaved(tx, id);
    });
    return this.get(id);
  }

  /**
   * Checks a login. Throws AUTHENTICATION_FAILED (unknown login or wrong secret, the same message
   * for both) or OPERATOR_LOCKED. The failure count and the audit rows are committed before the
   * error is thrown.
   */
  authenticate(login: string, secret: string, deskId: string): Operator {
    const row = this.#checkSecret(login, secret, deskId);
    this.#deps.store.write((tx) => {
      this.#rows().clearFailures(tx, row.id, false);
      this.#deps.audit.append(tx, { operatorId: row.id, deskId, event: 'operator_login' });
      this.#throttle.signedIn(tx);
    });
    return this.get(row.id);
  }

  /**
   * A second operator's login and password, typed at a desk where someone else is signed in (the
   * slip sign-off): checked exactly as a sign-in is (same throttle, failure count, lock and audit
   * of failures), then their role must allow `action` and they must not be the visit's own doctor.
   * No session starts and no login row is written: the caller's own audit row records what they
   * confirmed. A right password refused for the role or the person is recorded
   * (`slip_sign_off_refused`, under them), then thrown as NOT_AUTHORISED.
   */
  confirmSecondOperator(
    login: string,
    secret: string,
    deskId: string,
    action: Action,
    visit: { visitId: string; patientId: string; doctorId: string },
  ): Operator {
    const row = this.#checkSecret(login, secret, deskId);
    const operator = this.get(row.id);
    const refusal = operator.id === visit.doctorId ? 'own-visit' : allows(operator, action) ? null : 'role';
    this.#deps.store.write((tx) => {
      this.#rows().clearFailures(tx, row.id, false);
      this.#throttle.signedIn(tx);
      if (refusal === null) return;
      this.#deps.audit.append(tx, {
        operatorId: operator.id,
        deskId,
        patientId: visit.patientId,
        visitId: visit.visitId,
        event: 'slip_sign_off_refused',
        detail: { doctorId: visit.doctorId, reason: refusal },
      });
    });
    if (refusal === 'own-visit') {
      throw new RegistryError('NOT_AUTHORISED', "The visit's doctor cannot sign off their own slip visit.");
    }
    authorize(operator, action);
    return operator;
  }

  /** The row behind a right login and secret; every failure counted, audited and thrown as sign-in's. */
  #checkSecret(login: string, secret: string, deskId: string): OperatorRow {
    const { store, audit } = this.#deps;
    const waitMs = this.#throttle.waitMs();
    if (waitMs > 0) {
      // Refused before any check: nothing is learnt, and no password is tried, during the pause.
      throw new RegistryError(
        'SIGN_IN_THROTTLED',
        `Too many unknown logins: try again in ${Math.ceil(waitMs / 1000)} s.`,
      );
    }
    const row = typeof login === 'string' ? this.#rows().byLogin(login) : null;
    // Always one scrypt, so an unknown login answers as slowly as a known one.
    const ok = verifySecret(typeof secret === 'string' ? secret : '', row?.secret_hash ?? dummySecretHash());
    const failed = () => new RegistryError('AUTHENTICATION_FAILED', 'The login or the secret is wrong.');
    if (!row) {
      // The typed login is not logged: it is sometimes a password typed into the wrong field.
      store.write((tx) => {
        audit.append(tx, { operatorId: 'system', deskId, event: 'operator_login_failed' });
        this.#throttle.unknownLogin(tx);
      });
      throw failed();
    }
    const actor = { operatorId: row.id, deskId };
    const nowMs = this.#deps.clock.now().getTime();
    const lockEnds = row.locked === 1 && row.locked_until !== null ? Date.parse(row.locked_until) : null;
    if (lockEnds !== null && nowMs >= lockEnds) {
      // The timed lock ran out: the account opens again (audited), and this attempt counts as usual.
      store.write((tx) => {
        this.#rows().expireLock(tx, row.id);
        audit.append(tx, {
          operatorId: 'system',
          deskId,
          event: 'operator_unlocked',
          detail: { account: row.id },
        });
        this.#deps.clinic?.operatorSaved(tx, row.id);
      });
    } else if (row.locked === 1) {
      store.write((tx) => audit.append(tx, { ...actor, event: 'operator_login_failed' }));
      throw new RegistryError(
        'OPERATOR_LOCKED',
        lockEnds === null
          ? 'This account is locked after repeated failures; an admin must unlock it.'
          : `This account is locked after repeated failures, for ${Math.ceil((lockEnds - nowMs) / 60_000)} more minutes.`,
      );
    }
    if (!ok) {
      const lockedNow = store.write((tx) => {
        // Counted in SQL under the write lock, so failures at two desks at once both count.
        const attempts = this.#rows().countFailure(tx, row.id);
        const lock = attempts >= MAX_FAILED_LOGINS;
        const until = new Date(nowMs + lockDurationMs(row.lock_count)).toISOString();
        if (lock) this.#rows().lock(tx, row.id, until);
        // A lock holds at every desk of the clinic; the failure count stays the desk's own.
        if (lock) this.#deps.clinic?.operatorSaved(tx, row.id);
        audit.append(tx, { ...actor, event: 'operator_login_failed' });
        if (lock) audit.append(tx, { ...actor, event: 'operator_locked' });
        return lock;
      });
      if (lockedNow) {
        throw new RegistryError('OPERATOR_LOCKED', 'Too many failed attempts: this account is now locked.');
      }
      throw failed();
    }
    return row;
  }

  /**
   * The way back for a desk whose admins are all locked out (no admin left to unlock them): run by
   * whoever holds the desk's data key (scripts/unlock-admin.ts checks it opens these records),
   * audited under 'system'. Only an admin account; false when it was not locked.
   */
  recoverAdmin(login: string, deskId: string): boolean {
    const row = this.#rows().byLogin(login);
    if (!row || row.role !== 'admin') {
      throw new RegistryError('INVALID_OPERATOR', `There is no admin account ${login}.`);
    }
    if (row.locked !== 1) return false;
    this.#deps.store.write((tx) => {
      this.#rows().clearFailures(tx, row.id, true);
      this.#deps.audit.append(tx, {
        operatorId: 'system',
        deskId,
        event: 'operator_unlocked',
        detail: { account: row.id },
      });
      this.#deps.clinic?.operatorSaved(tx, row.id);
    });
    return true;
  }

  unlock(operatorId: string, actor: Actor): Operator {
    this.#requireAdmin(actor);
    this.get(operatorId);
    this.#deps.store.write((tx) => {
      this.#rows().clearFailures(tx, operatorId, true);
      this.#deps.audit.append(tx, { ...actor, event: 'operator_unlocked', detail: { account: operatorId } });
      this.#deps.clinic?.operatorSaved(tx, operatorId);
    });
    return this.get(operatorId);
  }
}
