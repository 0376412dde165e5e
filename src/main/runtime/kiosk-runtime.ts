/**
 * The running kiosk: its configuration (or the lack of one before setup), the domain services on
 * the desk's database, and who is signed in. Plain Node on purpose: the Electron main process
 * builds it with the utility-process engine, safeStorage and the printer; the end-to-end tests
 * build it with a worker-thread engine, a key file and a recording printer, and drive the very
 * same IPC handlers through Chromium.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CryptoError } from '../../shared/registry-errors.ts';
import { KioskError } from '../../shared/kiosk-errors.ts';
import type { Actor } from '../../core/audit/actor.ts';
import type { Clock } from '../../core/clock.ts';
import { CONFIG_FILE_NAME, readConfigFile, writeConfigFile } from '../../core/config/config-file.ts';
import { defaultKioskConfig, parseKioskConfig, type KioskConfig } from '../../core/config/kiosk-config.ts';
import { verifyChain } from '../../core/audit/verify.ts';
import { exportDeskTransfer, importDeskTransfer } from '../../core/crypto/desk-transfer.ts';
import { checkBackupFile, backupDatabase, restoreBackup } from '../../core/store/backup.ts';
import type { KeyProvider } from '../../core/crypto/key-provider.ts';
import type { ScryptParams } from '../../core/crypto/secret-hash.ts';
import { SECRETS_FILE_NAME, SecretStore } from '../../core/crypto/secret-store.ts';
import { deriveSubkey, deriveSubkeys, type Subkeys } from '../../core/crypto/subkeys.ts';
import type { DeliveryChannel } from '../../core/delivery/channel.ts';
import type { DecisionRule } from '../../core/face/decision-rule.ts';
import { openKioskServices, type KioskServices } from '../../core/kiosk/kiosk-services.ts';
import type { LivenessConfig } from '../../core/liveness/config.ts';
import { authorize, type Action, type Operator } from '../../core/registry/operators.ts';
import { DATABASE_FILE_NAME } from '../../core/store/database.ts';
import type { FaceAnalyzerPort } from '../../core/visit/visit-desk.ts';
import { needsReopen } from './settings-change.ts';

/**
 * Where the admin saves or picks a file (a backup, a desk-transfer file): Electron's file dialogs
 * in the app, fixed paths in tests. null: the dialog was cancelled.
 */
export interface FileChooser {
  choosePath(kind: 'backup' | 'transfer', suggestedName: string): Promise<string | null>;
  openPath(kind: 'backup' | 'transfer'): Promise<string | null>;
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
  rule: DecisionRule;
  modelVersion: string;
  /** Builds the gateway channel for a configuration (the offline channel when it has none). */
  gateway(config: KioskConfig, secrets: SecretStore): DeliveryChannel;
  printer: SlipPrinter;
  /** cupsd's configuration, for the self-check's printer line (Linux); null where printing is not CUPS. */
  cupsdConfPath?: string | null;
  files: FileChooser;
  clock?: Clock;
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

export class KioskRuntime {
  readonly options: KioskRuntimeOptions;
  readonly configPath: string;
  #keys: Subkeys | null = null;
  #services: KioskServices | null = null;
  #operator: Operator | null = null;

  constructor(options: KioskRuntimeOptions) {
    this.options = options;
    this.configPath = join(options.dataDir, CONFIG_FILE_NAME);
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

  /** Reads the configuration (a bad one throws a ConfigError naming the keys) and opens the services. */
  start(): void {
    const config = readConfigFile(this.configPath);
    if (config !== null) this.#open(config);
  }

  get configured(): boolean {
    return this.#services !== null;
  }

  services(): KioskServices {
    if (this.#services === null)
      throw new KioskError('SETUP_REQUIRED', 'This machine has not been set up yet.');
    return this.#services;
  }

  #open(config: KioskConfig): KioskServices {
    const o = this.options;
    this.#services = openKioskServices({
      dbPath: join(o.dataDir, DATABASE_FILE_NAME),
      keys: this.keys,
      config,
      face: o.face,
      rule: o.rule,
      modelVersion: o.modelVersion,
      gateway: o.gateway(config, this.secrets),
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
    if (this.#services !== null) throw new KioskError('SETUP_DONE', 'This machine is already set up.');
    const config = defaultKioskConfig(input);
    const services = this.#open(config);
    try {
      const admin = services.operators.create(
        { ...input.admin, role: 'admin' },
        { operatorId: 'system', deskId: config.desk.id },
      );
      writeConfigFile(this.configPath, config);
      this.#operator = admin;
      return admin;
    } catch (error) {
      await services.close();
      this.#services = null;
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
    this.#open(config);
    this.#operator = operator;
  }

  /** The admin's "Back up now": the database through the backup API into a file they choose. */
  async backupNow(): Promise<string | null> {
    const { services } = this.require('settings');
    const date = services.clock.now().toISOString().slice(0, 10);
    const path = await this.options.files.choosePath(
      'backup',
      `tanu-${services.config.desk.id}-${date}.sqlite`,
    );
    if (path === null) return null;
    await backupDatabase(services.db, path);
    return path;
  }

  /**
   * The old desk's half of a move: the data key, configuration and sealed secrets in a file
   * wrapped under the admin's passphrase (desk-transfer.ts). Audited.
   */
  async exportTransfer(passphrase: string): Promise<string | null> {
    const { services, actor } = this.require('settings');
    const secretsPath = join(this.options.dataDir, SECRETS_FILE_NAME);
    const dataKey = this.options.keyProvider.dataKey();
    let file: Buffer;
    try {
      file = exportDeskTransfer(
        {
          dataKey,
          config: services.config,
          secrets: existsSync(secretsPath) ? readFileSync(secretsPath, 'utf8') : null,
        },
        passphrase,
        services.config.desk.id,
        services.clock.now(),
      );
    } finally {
      dataKey.fill(0);
    }
    const path = await this.options.files.choosePath(
      'transfer',
      `tanu-${services.config.desk.id}.transfer.json`,
    );
    if (path === null) return null;
    writeFileSync(path, file, { mode: 0o600, flag: 'wx' });
    services.audit.append({ ...actor, event: 'desk_transfer_exported' });
    return path;
  }

  /**
   * The new PC's half, instead of the first-start setup: opens the transfer file with the
   * passphrase, checks that its key verifies the backup's audit chain (the right key for this
   * database) before anything is written, then restores the database, stores the key in this PC's
   * key store and the configuration and secrets beside it, and starts.
   */
  async moveHere(passphrase: string): Promise<void> {
    if (this.#services !== null || existsSync(this.configPath)) {
      throw new KioskError('SETUP_DONE', 'This machine is already set up.');
    }
    const dbPath = join(this.options.dataDir, DATABASE_FILE_NAME);
    if (existsSync(dbPath)) throw new KioskError('SETUP_DONE', 'This machine already has a database.');
    const transferPath = await this.options.files.openPath('transfer');
    if (transferPath === null) throw new KioskError('SETUP_REQUIRED', 'No transfer file was chosen.');
    const content = importDeskTransfer(readFileSync(transferPath), passphrase);
    try {
      const config = parseKioskConfig(content.config);
      const backupPath = await this.options.files.openPath('backup');
      if (backupPath === null) throw new KioskError('SETUP_REQUIRED', 'No backup file was chosen.');
      checkBackupFile(backupPath);
      const chainKey = deriveSubkey(content.dataKey, 'audit-chain');
      const check = new Database(backupPath, { readonly: true, fileMustExist: true });
      try {
        const verdict = verifyChain(check, chainKey);
        if (!verdict.ok) {
          throw new CryptoError(
            'DECRYPT_FAILED',
            'The backup does not belong to this transfer file (its audit chain does not verify).',
          );
        }
      } finally {
        check.close();
      }
      if (this.options.keyProvider.importDataKey === undefined) {
        throw new CryptoError('KEY_UNAVAILABLE', 'This key store cannot take an imported key.');
      }
      await restoreBackup(backupPath, dbPath);
      this.options.keyProvider.importDataKey(content.dataKey);
      if (content.secrets !== null) {
        writeFileSync(join(this.options.dataDir, SECRETS_FILE_NAME), content.secrets, { mode: 0o600 });
      }
      writeConfigFile(this.configPath, config);
    } finally {
      content.dataKey.fill(0);
    }
    this.start();
    const services = this.services();
    services.audit.append({
      operatorId: 'system',
      deskId: services.config.desk.id,
      event: 'desk_transfer_imported',
    });
  }

  signIn(login: string, secret: string): Operator {
    const services = this.services();
    const operator = services.operators.authenticate(login, secret, services.config.desk.id);
    this.#operator = operator;
    return operator;
  }

  async signOut(): Promise<void> {
    const operator = this.#operator;
    this.#operator = null;
    if (operator === null || this.#services === null) return;
    // Nobody may pick up a half-done visit under the doctor's name: end them, wiping their frames.
    const desk = this.#services.desk;
    for (const id of desk.liveVisitIds()) {
      if (desk.operatorOf(id) === operator.id) await desk.cancel(id).catch(() => undefined);
    }
  }

  get operator(): Operator | null {
    return this.#operator;
  }

  /** The signed-in operator if their role allows `action`; else NOT_SIGNED_IN / NOT_AUTHORISED. */
  require(action: Action | null): { operator: Operator; actor: Actor; services: KioskServices } {
    const services = this.services();
    const operator = this.#operator;
    if (operator === null) throw new KioskError('NOT_SIGNED_IN', 'Sign in first.');
    if (action !== null) authorize(operator, action);
    return { operator, actor: { operatorId: operator.id, deskId: services.config.desk.id }, services };
  }

  async close(): Promise<void> {
    await this.#services?.close();
    this.#services = null;
    this.#operator = null;
  }
}
