/**
 * The six-digit identification code of a visit: issued from the install's HOTP secret and a counter
 * in SQLite, returned once to the caller for delivery, stored only as a keyed hash. Each code
 * expires after 5 minutes, is used at most once and locks after 5 wrong tries; a patient gets at
 * most 3 codes an hour; a new code for a visit supersedes the previous one. Every issue, success,
 * failure and lock-out is audited in the same IMMEDIATE transaction as the state change, so two
 * desks (two connections) submitting the right code at once get exactly one success.
 */
import type Database from 'better-sqlite3';
import { CodeError } from '../../shared/code-errors.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AuditEvent, IdentificationMethod } from '../audit/events.ts';
import type { Subkeys } from '../crypto/subkeys.ts';
import { runInTransaction } from '../store/transaction.ts';
import { codeHash, codeMatches } from './code-hash.ts';
import { parseEnteredCode } from './code-input.ts';
import { CODE_TTL_MS, MAX_CODES_PER_HOUR, MAX_WRONG_TRIES } from './code-policy.ts';
import { hotpCode } from './hotp.ts';

const HOUR_MS = 60 * 60 * 1000;

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

export interface IssueOptions {
  method?: CodeMethod;
}

export interface VerifyOptions {
  method?: CodeMethod;
  /**
   * Runs inside the transaction that marks the code used, so the visit's decision row (and its
   * notification) commit with it or not at all.
   */
  onVerified?: (patientId: string) => void;
}

export interface CodeServiceDeps {
  db: Database.Database;
  audit: AuditLog;
  keys: Pick<Subkeys, 'code-hotp' | 'code-hash'>;
}

interface CodeRow {
  id: number;
  patientId: string;
  counter: number;
  codeHash: Buffer;
  expiresAt: string;
  failedTries: number;
  state: 'active' | 'used' | 'locked' | 'superseded';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireUuid(value: unknown, what: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new CodeError('INVALID_CODE_REQUEST', `The ${what} is not a UUID.`);
  }
  return value;
}

export class CodeService {
  readonly #db: Database.Database;
  readonly #audit: AuditLog;
  readonly #secret: Buffer;
  readonly #hashKey: Buffer;

  constructor(deps: CodeServiceDeps) {
    this.#db = deps.db;
    this.#audit = deps.audit;
    this.#secret = deps.keys['code-hotp'];
    this.#hashKey = deps.keys['code-hash'];
  }

  issue(patientId: string, visitId: string, actor: Actor, now: Date, options: IssueOptions = {}): IssuedCode {
    const method = options.method ?? 'code';
    requireUuid(patientId, 'patient id');
    requireUuid(visitId, 'visit id');
    const db = this.#db;
    const issuedAt = now.toISOString();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    const issued = runInTransaction(db, (): IssuedCode | null => {
      if (!db.prepare('SELECT 1 FROM patient WHERE id = ?').get(patientId)) {
        throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
      }
      const other = db
        .prepare('SELECT 1 FROM identification_code WHERE visit_id = ? AND patient_id <> ? LIMIT 1')
        .get(visitId, patientId);
      if (other) {
        throw new CodeError(
          'INVALID_CODE_REQUEST',
          `Visit ${visitId} already has codes for another patient.`,
        );
      }
      const recent = db
        .prepare('SELECT count(*) FROM identification_code WHERE patient_id = ? AND issued_at > ?')
        .pluck()
        .get(patientId, new Date(now.getTime() - HOUR_MS).toISOString()) as number;
      if (recent >= MAX_CODES_PER_HOUR) {
        // Audited and committed, then refused below: a desk hammering re-sends shows in the trail.
        this.#record(actor, patientId, visitId, 'code_rate_limited', method);
        return null;
      }
      const counter = db.prepare('SELECT next FROM code_counter WHERE id = 1').pluck().get() as number;
      db.prepare('UPDATE code_counter SET next = ? WHERE id = 1').run(counter + 1);
      const code = hotpCode(this.#secret, counter);
      db.prepare(
        `UPDATE identification_code SET state = 'superseded', settled_at = ?
         WHERE visit_id = ? AND state = 'active'`,
      ).run(issuedAt, visitId);
      db.prepare(
        `INSERT INTO identification_code (patient_id, visit_id, counter, code_hash, issued_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        patientId,
        visitId,
        counter,
        codeHash(this.#hashKey, counter, code),
        issuedAt,
        expiresAt.toISOString(),
      );
      this.#record(actor, patientId, visitId, 'code_sent', method);
      return { code, expiresAt };
    });
    if (issued === null) {
      throw new CodeError(
        'CODE_RATE_LIMITED',
        `The patient already had ${MAX_CODES_PER_HOUR} codes in the last hour; try again later.`,
      );
    }
    return issued;
  }

  verify(visitId: string, entered: string, actor: Actor, now: Date, options: VerifyOptions = {}): CodeCheck {
    const method = options.method ?? 'code';
    // Refused before anything is read: a malformed entry costs no try and leaves no trace.
    const code = parseEnteredCode(entered);
    requireUuid(visitId, 'visit id');
    const db = this.#db;
    const at = now.toISOString();
    return runInTransaction(db, () => {
      const row = db
        .prepare(
          `SELECT id, patient_id AS patientId, counter, code_hash AS codeHash, expires_at AS expiresAt,
                  failed_tries AS failedTries, state
           FROM identification_code WHERE visit_id = ? ORDER BY id DESC LIMIT 1`,
        )
        .get(visitId) as CodeRow | undefined;
      if (row === undefined) {
        throw new CodeError('CODE_NOT_FOUND', `No code was issued for visit ${visitId}.`);
      }
      const fail = (result: CodeCheck): CodeCheck => {
        this.#record(actor, row.patientId, visitId, 'code_failed', method);
        return result;
      };
      if (row.state === 'used') return fail({ status: 'used' });
      if (row.state === 'locked') return fail({ status: 'locked' });
      if (at >= row.expiresAt) return fail({ status: 'expired' });
      if (codeMatches(this.#hashKey, row.counter, code, row.codeHash)) {
        db.prepare(`UPDATE identification_code SET state = 'used', settled_at = ? WHERE id = ?`).run(
          at,
          row.id,
        );
        this.#record(actor, row.patientId, visitId, 'code_verified', method);
        options.onVerified?.(row.patientId);
        return { status: 'ok', patientId: row.patientId };
      }
      const tries = row.failedTries + 1;
      if (tries >= MAX_WRONG_TRIES) {
        db.prepare(
          `UPDATE identification_code SET failed_tries = ?, state = 'locked', settled_at = ? WHERE id = ?`,
        ).run(tries, at, row.id);
        this.#record(actor, row.patientId, visitId, 'code_failed', method);
        this.#record(actor, row.patientId, visitId, 'code_locked', method);
        return { status: 'locked' };
      }
      db.prepare('UPDATE identification_code SET failed_tries = ? WHERE id = ?').run(tries, row.id);
      return fail({ status: 'wrong', triesLeft: MAX_WRONG_TRIES - tries });
    });
  }

  /** Who, which patient and visit, which event: the audit schema has no field a code could go in. */
  #record(actor: Actor, patientId: string, visitId: string, event: AuditEvent, method: CodeMethod): void {
    this.#audit.append({ ...actor, patientId, visitId, event, method });
  }
}
