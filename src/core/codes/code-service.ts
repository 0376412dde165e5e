/**
 * The six-digit identification code of a visit: made from a fresh random secret (hotp.ts), returned
 * once to the caller for delivery, stored only as a keyed hash bound to its visit and a random salt. Each code
 * expires after 5 minutes, is used at most once and locks after 5 wrong tries; a patient gets at
 * most 3 codes an hour (in clinic mode counted at every desk: IssueOptions.otherDesks); a new code
 * for a visit supersedes the previous one. Every issue, success, failure and lock-out is audited in the same IMMEDIATE transaction as the state change, so two
 * desks (two connections) submitting the right code at once get exactly one success.
 */
import { randomBytes } from 'node:crypto';
import { CodeError } from '../../shared/code-errors.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuditEvent, IdentificationMethod, LimitScope, LimitScopeDetail } from '../audit/events.ts';
import type { Subkeys } from '../crypto/subkeys.ts';
import type { DeskStore } from '../store/desk-store.ts';
import type { Tx } from '../store/tx.ts';
import { codeHash, codeMatches } from './code-hash.ts';
import { parseEnteredCode } from './code-input.ts';
import { CODE_LIMIT_WINDOW_MS, CODE_TTL_MS, MAX_CODES_PER_HOUR, MAX_WRONG_TRIES } from './code-policy.ts';
import { freshCode } from './hotp.ts';

export interface IssuedCode {
  /** The six digits, for the delivery channel only: never log, store or show it on the kiosk. */
  code: string;
  expiresAt: Date;
}

export type CodeCheck =
  | { status: 'ok'; patientId: string }
  | { status: 'wrong'; triesLeft: number }
  | { status: 'expired' }
  | { status: 'locked' }
  | { status: 'used' };

/** How the code reached the patient: recorded as the method of every audit row about it. */
export type CodeMethod = Extract<IdentificationMethod, 'code' | 'representative' | 'slip'>;

/**
 * Clinic mode: the codes the other desks sent the patient within the limit's window, and whose
 * rows decide: 'clinic' (those counts, with this desk's own), or 'desk' (the clinic did not answer
 * in time: this desk's own alone, and codesIssued is 0).
 */
export interface OtherDesksCodes {
  scope: LimitScope;
  codesIssued: number;
}

export interface IssueOptions {
  method?: CodeMethod;
  /** Absent: a single desk, whose own rows are all there is. */
  otherDesks?: OtherDesksCodes;
}

export interface VerifyOptions {
  method?: CodeMethod;
  /**
   * Runs inside the transaction that marks the code used, so the visit's decision row (and its
   * notification) commit with it or not at all.
   */
  onVerified?: (tx: Tx, patientId: string) => void;
}

export interface CodeServiceDeps {
  store: DeskStore;
  audit: AuditLog;
  keys: Pick<Subkeys, 'code-hash'>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireUuid(value: unknown, what: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new CodeError('INVALID_CODE_REQUEST', `The ${what} is not a UUID.`);
  }
  return value;
}

export class CodeService {
  readonly #store: DeskStore;
  readonly #audit: AuditLog;
  readonly #hashKey: Buffer;

  constructor(deps: CodeServiceDeps) {
    this.#store = deps.store;
    this.#audit = deps.audit;
    this.#hashKey = deps.keys['code-hash'];
  }

  issue(patientId: string, visitId: string, actor: Actor, now: Date, options: IssueOptions = {}): IssuedCode {
    const method = options.method ?? 'code';
    const elsewhere = options.otherDesks;
    requireUuid(patientId, 'patient id');
    requireUuid(visitId, 'visit id');
    if (elsewhere !== undefined && !(Number.isInteger(elsewhere.codesIssued) && elsewhere.codesIssued >= 0)) {
      throw new CodeError('INVALID_CODE_REQUEST', "The other desks' code count is not a count.");
    }
    // Which rows decided, for the audit: on a single desk there is nothing to tell apart.
    const scope: LimitScopeDetail = { scope: elsewhere?.scope ?? 'desk' };
    const store = this.#store;
    const codes = store.rows.codes;
    const issuedAt = now.toISOString();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    const issued = store.write((tx): IssuedCode | null => {
      if (!store.rows.patients.exists(patientId)) {
        throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
      }
      if (codes.visitHasOtherPatient(tx, visitId, patientId)) {
        throw new CodeError(
          'INVALID_CODE_REQUEST',
          `Visit ${visitId} already has codes for another patient.`,
        );
      }
      const since = new Date(now.getTime() - CODE_LIMIT_WINDOW_MS).toISOString();
      const recent = codes.issuedSince(tx, patientId, since) + (elsewhere?.codesIssued ?? 0);
      if (recent >= MAX_CODES_PER_HOUR) {
        // Audited and committed, then refused below: a desk hammering re-sends shows in the trail.
        this.#record(tx, actor, patientId, visitId, 'code_rate_limited', method, scope);
        return null;
      }
      const code = freshCode();
      const salt = randomBytes(16);
      codes.insert(tx, {
        patientId,
        visitId,
        salt,
        codeHash: codeHash(this.#hashKey, visitId, salt, code),
        issuedAt,
        expiresAt: expiresAt.toISOString(),
      });
      this.#record(tx, actor, patientId, visitId, 'code_sent', method, elsewhere ? scope : null);
      return { code, expiresAt };
    });
    if (issued === null) {
      throw new CodeError(
        'CODE_RATE_LIMITED',
        `The patient already had ${MAX_CODES_PER_HOUR} codes in the last hour${elsewhere?.scope === 'clinic' ? ' at this clinic' : ''}; try again later.`,
      );
    }
    return issued;
  }

  verify(visitId: string, entered: string, actor: Actor, now: Date, options: VerifyOptions = {}): CodeCheck {
    const method = options.method ?? 'code';
    // Refused before anything is read: a malformed entry costs no try and leaves no trace.
    const code = parseEnteredCode(entered);
    requireUuid(visitId, 'visit id');
    const store = this.#store;
    const codes = store.rows.codes;
    const at = now.toISOString();
    return store.write((tx) => {
      const row = codes.latest(tx, visitId);
      if (row === null) {
        throw new CodeError('CODE_NOT_FOUND', `No code was issued for visit ${visitId}.`);
      }
      const fail = (result: CodeCheck): CodeCheck => {
        this.#record(tx, actor, row.patientId, visitId, 'code_failed', method);
        return result;
      };
      if (row.state === 'used') return fail({ status: 'used' });
      // Voided with its visit (closed as interrupted at a start): as dead as an expired one.
      if (row.state === 'voided') return fail({ status: 'expired' });
      if (row.state === 'locked') return fail({ status: 'locked' });
      if (at >= row.expiresAt) return fail({ status: 'expired' });
      if (codeMatches(this.#hashKey, row.visitId, row.salt, code, row.codeHash)) {
        codes.settle(tx, row.id, 'used', null, at);
        this.#record(tx, actor, row.patientId, visitId, 'code_verified', method);
        options.onVerified?.(tx, row.patientId);
        return { status: 'ok', patientId: row.patientId };
      }
      const tries = row.failedTries + 1;
      if (tries >= MAX_WRONG_TRIES) {
        codes.settle(tx, row.id, 'locked', tries, at);
        this.#record(tx, actor, row.patientId, visitId, 'code_failed', method);
        this.#record(tx, actor, row.patientId, visitId, 'code_locked', method);
        return { status: 'locked' };
      }
      codes.countFailure(tx, row.id, tries);
      return fail({ status: 'wrong', triesLeft: MAX_WRONG_TRIES - tries });
    });
  }

  /** Who, which patient and visit, which event: the audit schema has no field a code could go in. */
  #record(
    tx: Tx,
    actor: Actor,
    patientId: string,
    visitId: string,
    event: AuditEvent,
    method: CodeMethod,
    detail: LimitScopeDetail | null = null,
  ): void {
    this.#audit.append(tx, { ...actor, patientId, visitId, event, method, detail });
  }
}
