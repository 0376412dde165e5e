/**
 * The running kiosk: its configuration (or the lack of one before setup), the domain services on
 * the desk's database, and who is signed in. Plain Node on purpose: the Electron main process
 * builds it with the utility-process engine, safeStorage and the printer; the end-to-end tests
 * build it with a worker-thread engine, a key file and a recording printer, and drive the very
 * same IPC handlers through Chromium.
 */
import { chainHeadPathFor } from '../../core/audit/chain-head-file.ts';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KioskError, type KioskErrorCode } from '../../shared/kiosk-errors.ts';
import { RECOVERABLE_FROM_TRANSFER, type StartupProblem } from '../../shared/startup-problems.ts';
import type { Actor } from '../../core/audit/actor.ts';
import type { SignOutReason } from '../../core/audit/events.ts';
import type { Clock } from '../../core/clock.ts';
import { CONFIG_FILE_NAME, readConfigFile, writeConfigFile } from '../../core/config/config-file.ts';
import { defaultKioskConfig, type KioskConfig } from '../../core/config/kiosk-config.ts';
import {
  mendFromTransfer,
  takeOverDesk,
  transferFileOf,
  type DeskFolder,
} from '../../core/kiosk/desk-moves.ts';
import { importDeskTransfer } from '../../core/crypto/desk-transfer.ts';
import { BACKUP_FILE_EXTENSION } from '../../core/crypto/backup-file.ts';
import { provisionDataKey, type KeyProvider } from '../../core/crypto/key-provider.ts';
import { requireStrongPassphrase } from '../../core/crypto/passphrase-key.ts';
import type { ScryptParams } from '../../core/crypto/secret-hash.ts';
import { SECRETS_FILE_NAME, SecretStore } from '../../core/crypto/secret-store.ts';
import { deriveSubkeys, type Subkeys } from '../../core/crypto/subkeys.ts';
import type { DeliveryChannel } from '../../core/delivery/channel.ts';
import type { DecisionRule } from '../../core/face/decision-rule.ts';
import type { EarlierPipeline } from '../../core/face/decision-rule-file.ts';
import { openKioskServices, type KioskServices } from '../../core/kiosk/kiosk-services.ts';
import type { LivenessConfig } from '../../core/liveness/config.ts';
import { authorize, type Action, type Operator } from '../../core/operators/operators.ts';
import { IDLE_WARNING_MS, idleRemainingMs } from '../../core/operators/idle-sign-out.ts';
import { passwordIsFresh } from '../../core/operators/password-again.ts';
import { PRIVATE_FILE_MODE } from '../../core/data-folder/private-files.ts';
import type { Logger } from '../../core/logging/logger.ts';
import { DATABASE_FILE_NAME } from '../../core/store/database.ts';
import type { TimeSource } from '../../core/time/desk-clock.ts';
import type { FaceAnalyzerPort } from '../../core/visit/visit-desk-deps.ts';
import { deskAlerts, type DeskAlertView } from '../../core/kiosk/desk-alerts.ts';
import { appStarted } from '../../core/kiosk/desk-events.ts';
import { needsReopen } from './settings-change.ts';
import { startupProblemOf } from './startup-problem.ts';
import { clinicSecrets } from './clinic-secret.ts';

/**
 * Where the admin saves or picks a file (a backup, a desk-transfer file): Electron's file dialogs
 * in the app, fixed paths in tests. null: the dialog was cancelled.
 */
export interface FileChooser {
  choosePath(kind: 'backup' | 'transfer', suggestedName: string): Promise<string | null>;
  openPath(kind: 'backup' | 'transfer' | 'provisioning'): Promise<string | null>;
}

/** Prints a PDF on the desk printer; the bytes hold a live code and must not be written to disk. */
export interface SlipPrinter {
  print(pdf: Uint8Array): Promise<void>;
}

export interface KioskRuntimeOptions {
  dataDir: string;
  /** For the self-check: the model folder and the bundled test photo. */
  modelsDir: string;
  selftestImage: string;
  keyProvider: KeyProvider;
  face: FaceAnalyzerPort;
  /** The shipped rule, or how to load it (a broken rule file is then a start-up problem, not a crash). */
  rule: DecisionRule | (() => DecisionRule);
  modelVersion: string;
  /** The app's version, for the start's audit row (Electron's app.getVersion()). */
  appVersion: string;
  /** Earlier pipelines with their rules (loaded with the rule): their patients stay identifiable. */
  earlierPipelines?: () => EarlierPipeline[];
  /** Builds the gateway channel for a configuration (the offline channel when it has none). */
  gateway(config: KioskConfig, secrets: SecretStore): DeliveryChannel;
  printer: SlipPrinter;
  /** cupsd's configuration, for the self-check's printer line (Linux); null where printing is not CUPS. */
  cupsdConfPath?: string | null;
  files: FileChooser;
  /** The OS clocks the desk measures its time with (the system's by default). */
  time?: TimeSource;
  /** Tests: a clock moved by hand, standing for both the wall and the monotonic clock. */
  clock?: Clock;
  /** Where the runtime reports what the admin and IT must know (the app's file log). */
  log?: Pick<Logger, 'error' | 'warn' | 'info'>;
  /** The shell's way out, called after an admin's audited quit (the only way out in production). */
  quit?: () => void;
  random?: () => number;
  liveness?: LivenessConfig;
  scrypt?: ScryptParams;
  outboxIntervalMs?: number | null;
}

export interface SetupInput {
  clinicId: string;
  clinicName: string;
  timeZone: string;
  callNumber: string;
  deskId: string;
  admin: { login: string; displayName: string; secret: string };
}

/** Why the desk did not start, and the error behind it (for the log, never for the screen). */
export interface StartupFailure {
  problem: StartupProblem;
  message: string;
}

export class KioskRuntime {
  readonly options: KioskRuntimeOptions;
  readonly configPath: string;
  readonly dbPath: string;
  #keys: Subkeys | null = null;
  #rule: DecisionRule | null = null;
  #services: KioskServices | null = null;
  #operator: Operator | null = null;
  /** The desk time (ms) of the signed-in operator's last action: the idle time runs from it. */
  #lastActionMs = 0;
  /** The desk time (ms) the signed-in operator last typed their password (sign-in or confirm). */
  #passwordAtMs = 0;
  /** Why the desk ended the last session itself; what calls answer until someone signs in. */
  #ended: KioskErrorCode | null = null;
  #failure: StartupFailure | null = null;

  constructor(options: KioskRuntimeOptions) {
    this.options = options;
    this.configPath = join(options.dataDir, CONFIG_FILE_NAME);
    this.dbPath = join(options.dataDir, DATABASE_FILE_NAME);
  }

  /**
   * Derived on first use, not at construction: a fresh machine that is about to receive another
   * desk's key (moveHere) must not have made one of its own first.
   */
  get keys(): Subkeys {
    this.#keys ??= deriveSubkeys(this.options.keyProvider);
    return this.#keys;
  }

  get secrets(): SecretStore {
    return new SecretStore(join(this.options.dataDir, SECRETS_FILE_NAME), this.keys['secret-store']);
  }

  /**
   * Reads the configuration (a bad one throws a ConfigError naming the keys) and opens the
   * services. Anything else that stops the desk is returned as a start-up failure, which the
   * start-up screen explains; the desk then refuses everything but its recovery. It never starts
   * as an empty desk, and never makes a new data key for records that exist.
   */
  start(): StartupFailure | null {
    this.#failure = null;
    const config = readConfigFile(this.configPath);
    const hasDatabase = existsSync(this.dbPath) && statSync(this.dbPath).size > 0;
    if (config === null) {
      if (!hasDatabase) return null;
      return this.#fail('CONFIG_MISSING', `${this.configPath} is missing but ${this.dbPath} has records.`);
    }
    // Before the key: a desk without its records has nothing a key could open.
    if (!hasDatabase) {
      return this.#fail('DATABASE_MISSING', `The desk is set up but ${this.dbPath} is missing or empty.`);
    }
    try {
      this.#loadRule();
    } catch (error) {
      return this.#fail('DECISION_RULE_INVALID', (error as Error).message);
    }
    try {
      this.#open(config, true);
    } catch (error) {
      return this.#fail(startupProblemOf(error), (error as Error).message);
    }
    this.#recordStart();
    return null;
  }

  /** Once per start of the desk (not when settings rebuild the services): what runs, in the trail. */
  #recordStart(): void {
    const services = this.services();
    services.record(
      appStarted({
        deskId: services.config.desk.id,
        version: this.options.appVersion,
        pipeline: services.modelVersion,
        rule: services.rule,
        mode: services.clinicLink === null ? 'single' : 'clinic',
      }),
    );
  }

  #fail(problem: StartupProblem, message: string): StartupFailure {
    this.#failure = { problem, message };
    this.options.log?.error('startup.refused', { problem, message });
    return this.#failure;
  }

  /** Why the desk did not start, or null. */
  get startupFailure(): StartupFailure | null {
    return this.#failure;
  }

  get configured(): boolean {
    return this.#services !== null;
  }

  services(): KioskServices {
    if (this.#services === null) {
      if (this.#failure !== null)
        throw new KioskError('STARTUP_FAILED', `The desk did not start: ${this.#failure.problem}.`);
      throw new KioskError('SETUP_REQUIRED', 'This machine has not been set up yet.');
    }
    return this.#services;
  }

  #loadRule(): DecisionRule {
    const rule = this.options.rule;
    this.#rule ??= typeof rule === 'function' ? rule() : rule;
    return this.#rule;
  }

  /** `existing`: a configured desk, whose database must be there (never made anew). */
  #open(config: KioskConfig, existing: boolean): KioskServices {
    const o = this.options;
    this.#services = openKioskServices({
      dbPath: this.dbPath,
      existing,
      keys: this.keys,
      config,
      face: o.face,
      rule: this.#loadRule(),
      modelVersion: o.modelVersion,
      ...(o.earlierPipelines ? { earlierPipelines: o.earlierPipelines() } : {}),
      gateway: o.gateway(config, this.secrets),
      ...clinicSecrets(config, this.secrets),
      onClinicProblem: (problem) => o.log?.error('clinic.sync_stopped', { kind: problem.kind }),
      onRetentionError: (error) =>
        o.log?.error('retention.failed', { code: (error as { code?: unknown }).code ?? null }),
      // The head file stays behind the database (not a false alarm) and is retried at the next commit.
      onChainHeadError: (error) =>
        o.log?.error('audit.chain_head_not_written', { code: (error as { code?: unknown }).code ?? null }),
      ...(o.time ? { time: o.time } : {}),
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.random ? { random: o.random } : {}),
      ...(o.liveness ? { liveness: o.liveness } : {}),
      ...(o.scrypt ? { scrypt: o.scrypt } : {}),
      ...(o.outboxIntervalMs !== undefined ? { outboxIntervalMs: o.outboxIntervalMs } : {}),
    });
    return this.#services;
  }

  /**
   * First start: validates the clinic and desk (a ConfigError names what is wrong), creates the
   * first admin in the new database, and only then writes the configuration file, so a failed
   * setup leaves the machine as it was: still asking for setup.
   */
  async completeSetup(input: SetupInput): Promise<Operator> {
    if (this.#services !== null || this.#failure !== null || existsSync(this.configPath)) {
      throw new KioskError('SETUP_DONE', 'This machine is already set up.');
    }
    // Setup would write a new admin into another desk's records: they must be recovered instead.
    if (existsSync(this.dbPath) && statSync(this.dbPath).size > 0) {
      throw new KioskError('SETUP_DONE', 'This machine already has a database.');
    }
    const config = defaultKioskConfig(input);
    this.#loadRule();
    provisionDataKey(this.options.keyProvider);
    const services = this.#open(config, false);
    try {
      this.#recordStart();
      const admin = services.operators.create(
        { ...input.admin, role: 'admin' },
        { operatorId: 'system', deskId: config.desk.id },
      );
      writeConfigFile(this.configPath, config);
      this.#begin(admin);
      return admin;
    } catch (error) {
      await services.close();
      this.#services = null;
      // The database this setup just made holds no desk yet: gone, so setup can be tried again;
      // with it the chain head sealed for it, which a new database would otherwise be "behind".
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.dbPath}${suffix}`, { force: true });
      rmSync(chainHeadPathFor(this.dbPath), { force: true });
      throw error;
    }
  }

  /**
   * Writes an admin's new configuration. The services are rebuilt only when a setting they were
   * built from changed (which ends visits in progress, wiping their frames), or when `rebuild` says
   * something they hold changed outside the file (the gateway's token); a camera or log-level change
   * applies in place.
   */
  async reconfigure(config: KioskConfig, options: { rebuild?: boolean } = {}): Promise<void> {
    const services = this.services();
    writeConfigFile(this.configPath, config);
    if (options.rebuild !== true && !needsReopen(services.config, config)) {
      services.config = config;
      return;
    }
    const operator = this.#operator;
    await services.close();
    const reopened = this.#open(config, true);
    this.#operator = operator;
    // The new services measure time afresh; the change itself was the operator's action.
    this.#lastActionMs = reopened.clock.now().getTime();
  }

  /**
   * The admin's "Back up now": the database through the backup API, encrypted, into a file they
   * choose; under the desk's data key, or under a passphrase for a copy kept off the desk (one that
   * must open without this PC's key store).
   */
  async backupNow(passphrase?: string): Promise<string | null> {
    const { services } = this.requireFreshPassword('settings');
    if (passphrase !== undefined) requireStrongPassphrase(passphrase, 'backup');
    const deskId = services.config.desk.id;
    const date = services.clock.now().toISOString().slice(0, 10);
    const kind = passphrase === undefined ? '' : '-offdesk';
    const path = await this.options.files.choosePath(
      'backup',
      `tanu-${deskId}-${date}${kind}.${BACKUP_FILE_EXTENSION}`,
    );
    if (path === null) return null;
    await services.backupTo(path, {
      key:
        passphrase === undefined
          ? { kind: 'desk', key: this.keys['backup-seal'] }
          : { kind: 'passphrase', passphrase },
      tempDir: this.options.dataDir,
      deskId,
      now: services.clock.now(),
    });
    return path;
  }

  /** The old desk's half of a move: key, configuration and secrets under a passphrase. Audited. */
  async exportTransfer(passphrase: string): Promise<string | null> {
    const { services, actor } = this.requireFreshPassword('settings');
    const file = transferFileOf(this.#folder(), services.config, passphrase, services.clock.now());
    const path = await this.options.files.choosePath(
      'transfer',
      `tanu-${services.config.desk.id}.transfer.json`,
    );
    if (path === null) return null;
    writeFileSync(path, file, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    services.record({ ...actor, event: 'desk_transfer_exported' });
    return path;
  }

  #folder(): DeskFolder {
    return {
      dataDir: this.options.dataDir,
      configPath: this.configPath,
      dbPath: this.dbPath,
      keyProvider: this.options.keyProvider,
    };
  }

  /**
   * The new PC's half, instead of the first-start setup: opens the transfer file with the
   * passphrase, checks that its key opens the backup and verifies the backup's audit chain (the
   * right key for this database) before anything is written, then restores the database, stores
   * the key in this PC's key store and the configuration and secrets beside it, and starts.
   */
  async moveHere(passphrase: string): Promise<void> {
    if (this.#services !== null || existsSync(this.configPath)) {
      throw new KioskError('SETUP_DONE', 'This machine is already set up.');
    }
    if (existsSync(this.dbPath)) throw new KioskError('SETUP_DONE', 'This machine already has a database.');
    const transferPath = await this.options.files.openPath('transfer');
    if (transferPath === null) throw new KioskError('SETUP_REQUIRED', 'No transfer file was chosen.');
    const content = importDeskTransfer(readFileSync(transferPath), passphrase);
    try {
      const backupPath = await this.options.files.openPath('backup');
      if (backupPath === null) throw new KioskError('SETUP_REQUIRED', 'No backup file was chosen.');
      await takeOverDesk(this.#folder(), content, backupPath);
    } finally {
      content.dataKey.fill(0);
    }
    this.start();
    this.recordSystemEvent('desk_transfer_imported');
  }

  /**
   * The start-up screen's way back for a desk whose data key or configuration went missing: both
   * are in its desk-transfer file. The file's key must verify this database's audit trail before
   * anything is written; a key or configuration still present is never replaced. Audited.
   */
  async recoverFromTransfer(passphrase: string): Promise<void> {
    const failure = this.#failure;
    if (failure === null || !RECOVERABLE_FROM_TRANSFER.has(failure.problem)) {
      throw new KioskError('NOT_RECOVERABLE', 'A transfer file cannot mend what stopped this desk.');
    }
    const transferPath = await this.options.files.openPath('transfer');
    if (transferPath === null) throw new KioskError('SETUP_REQUIRED', 'No transfer file was chosen.');
    const content = importDeskTransfer(readFileSync(transferPath), passphrase);
    try {
      mendFromTransfer(this.#folder(), content, failure.problem === 'KEY_MISSING');
    } finally {
      content.dataKey.fill(0);
    }
    this.#keys = null;
    const again = this.start();
    if (again !== null)
      throw new KioskError('STARTUP_FAILED', `The desk still does not start: ${again.problem}.`);
    this.services();
    this.recordSystemEvent('desk_recovered');
  }

  /** An event of the desk itself (no operator) in the audit trail; nothing before setup. */
  recordSystemEvent(
    event: 'window_restarted' | 'engine_restarted' | 'desk_transfer_imported' | 'desk_recovered',
  ): void {
    if (this.#services === null) return;
    this.#services.record({ operatorId: 'system', deskId: this.#services.config.desk.id, event });
  }

  /** What the admin must know now (engine, retention, clock, key escrow). */
  alerts(): DeskAlertView[] {
    return deskAlerts(this.require('settings').services, this.options.face);
  }

  /** An admin vouches for the wall clock after an anomaly (audited); the deferred purge runs. */
  confirmClock(): void {
    const { services, actor } = this.require('settings');
    services.confirmClock(actor);
  }

  /** The kiosk's only way out in production: an admin's password again; audited, then the shell is told. */
  async quitKiosk(secret: string): Promise<void> {
    const { operator, actor, services } = this.require('settings');
    services.operators.authenticate(operator.login, secret, actor.deskId);
    services.record({ ...actor, event: 'kiosk_quit' });
    await this.signOut();
    this.options.quit?.();
  }

  /** The one-second heartbeat of a running desk. */
  async tick(): Promise<void> {
    if (this.#services === null) return;
    await this.#services.tick();
    await this.#expireIdle();
  }

  /**
   * Someone signs in. A failed attempt changes nothing for whoever is signed in; a successful one
   * by another operator ends that operator's session first (audited 'replaced', their running
   * visits cancelled), so no visit carries on under the name of someone who left the desk.
   */
  async signIn(login: string, secret: string): Promise<Operator> {
    const services = this.services();
    const operator = services.operators.authenticate(login, secret, services.config.desk.id);
    if (this.#operator !== null && this.#operator.id !== operator.id) await this.#endSession('replaced');
    this.#begin(operator);
    return operator;
  }

  #begin(operator: Operator): void {
    this.#operator = operator;
    this.#ended = null;
    this.#lastActionMs = this.services().clock.now().getTime();
    this.#passwordAtMs = this.#lastActionMs;
  }

  /**
   * The signed-in operator types their password again (asked before a sensitive action). A wrong
   * one counts toward the lock like any failed sign-in (a lock then ends the session at the next
   * call); a right one is fresh for FRESH_PASSWORD_MS.
   */
  confirmPassword(secret: string): void {
    const { operator, actor, services } = this.require(null);
    services.operators.authenticate(operator.login, secret, actor.deskId);
    this.#passwordAtMs = services.clock.now().getTime();
  }

  /** require(action), and a password typed within FRESH_PASSWORD_MS; else PASSWORD_REQUIRED. */
  requireFreshPassword(action: Action): { operator: Operator; actor: Actor; services: KioskServices } {
    const session = this.require(action);
    if (!passwordIsFresh(this.#passwordAtMs, session.services.clock.now().getTime())) {
      throw new KioskError('PASSWORD_REQUIRED', 'Type your password again to do this.');
    }
    return session;
  }

  /** The operator signs out (or an admin quits the kiosk). */
  async signOut(): Promise<void> {
    const operator = this.#operator;
    this.#operator = null;
    this.#ended = null;
    await this.#endVisitsOf(operator);
  }

  async #endVisitsOf(operator: Operator | null): Promise<void> {
    if (operator === null || this.#services === null) return;
    // Nobody may pick up a half-done visit under the doctor's name: end them, wiping their frames.
    const desk = this.#services.desk;
    for (const id of desk.liveVisitIds()) {
      if (desk.operatorOf(id) === operator.id) await desk.cancel(id).catch(() => undefined);
    }
  }

  /**
   * The desk ends the session itself: audited under the operator, their running visits cancelled
   * as at a sign-out (left to their own timeouts they would run on, under the name of someone who
   * is no longer at the desk, for a minute or more, with the patient's frames held), and every
   * call then answers SESSION_EXPIRED or SESSION_REVOKED until someone signs in.
   */
  async #endSession(reason: SignOutReason): Promise<void> {
    const operator = this.#operator;
    const services = this.#services;
    if (operator === null || services === null) return;
    // Taken first, synchronously: the heartbeat and a call arriving together end it once.
    this.#operator = null;
    this.#ended = reason === 'idle' ? 'SESSION_EXPIRED' : 'SESSION_REVOKED';
    services.record({
      operatorId: operator.id,
      deskId: services.config.desk.id,
      event: 'operator_signed_out',
      detail: { reason },
    });
    await this.#endVisitsOf(operator);
  }

  /** Signs the operator out when their idle time has run out; true if it did. */
  async #expireIdle(): Promise<boolean> {
    if (this.#operator === null || this.#services === null || this.#idleRemainingMs() > 0) return false;
    await this.#endSession('idle');
    return true;
  }

  #idleRemainingMs(): number {
    const services = this.services();
    const operator = this.#operator;
    if (operator === null) return 0;
    return idleRemainingMs(
      services.config.sessions.idleMinutes,
      operator.role,
      this.#lastActionMs,
      services.clock.now().getTime(),
    );
  }

  /**
   * Before every call from the screen: a session whose idle time ran out ends now (not at the next
   * heartbeat), and the operator is read again from the store, so an account locked or removed
   * since sign-in (at this desk or, through the clinic, at another) is signed out at once. An
   * `active` call is the operator's action and restarts the idle time.
   */
  async checkSession(active: boolean): Promise<void> {
    const services = this.#services;
    const signedIn = this.#operator;
    if (services === null || signedIn === null) return;
    if (await this.#expireIdle()) return;
    const current = services.operators.find(signedIn.id);
    if (current === null || current.locked) {
      await this.#endSession(current === null ? 'removed' : 'locked');
      return;
    }
    this.#operator = current;
    if (active) this.#lastActionMs = services.clock.now().getTime();
  }

  /** For the screen's countdown: how long until the idle sign-out, and when to start showing it. */
  idleCountdown(): { remainingMs: number; warningMs: number } {
    this.require(null);
    return { remainingMs: Math.ceil(this.#idleRemainingMs()), warningMs: IDLE_WARNING_MS };
  }

  get operator(): Operator | null {
    return this.#operator;
  }

  /** The signed-in operator if their role allows `action`; else NOT_SIGNED_IN / NOT_AUTHORISED. */
  require(action: Action | null): { operator: Operator; actor: Actor; services: KioskServices } {
    const services = this.services();
    const operator = this.#operator;
    if (operator === null) {
      if (this.#ended !== null)
        throw new KioskError(this.#ended, 'The desk ended the session: sign in again.');
      throw new KioskError('NOT_SIGNED_IN', 'Sign in first.');
    }
    if (action !== null) authorize(operator, action);
    return { operator, actor: { operatorId: operator.id, deskId: services.config.desk.id }, services };
  }

  async close(): Promise<void> {
    await this.#services?.close();
    this.#services = null;
    this.#operator = null;
  }
}
