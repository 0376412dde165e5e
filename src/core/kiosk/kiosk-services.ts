/**
 * The composition root of the kiosk's domain: one database, the key-derived services on it, and
 * the visit desk, built from the validated configuration. The Electron main process builds it with
 * the utility-process engine and the safeStorage key; the end-to-end tests build the very same
 * thing with a worker-thread engine and a key file, so what they test is what the app runs.
 */
import { dirname, join } from 'node:path';
import type { Actor } from '../audit/actor.ts';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { AuditLog } from '../audit/audit-log.ts';
import type { AuditEntryInput } from '../audit/events.ts';
import type { ReportPeriod } from '../audit/fraud-report.ts';
import type { ChainVerdict } from '../audit/verify.ts';
import { AuditError } from '../../shared/audit-errors.ts';
import type { ChainHead } from '../audit/audit-rows.ts';
import { ChainHeadFile, chainHeadPathFor } from '../audit/chain-head-file.ts';
import { ChainHeadKeeper } from '../audit/chain-head-keeper.ts';
import { compareWithHead, verifyWithHead } from '../audit/head-check.ts';
import { recordRestore } from '../audit/restore-record.ts';
import { backupDatabase, type BackupOptions } from '../store/backup.ts';
import type { VisitRow } from '../visit/visit-rows.ts';
import { claimDatabaseKey } from '../crypto/key-check.ts';
import { purgeExpired } from '../audit/retention.ts';
import { ClinicAckFile, CLINIC_ACK_FILE_NAME } from '../clinic-sync/clinic-ack.ts';
import { ClinicCounts } from '../clinic-sync/clinic-counts.ts';
import { printableReceptionSlip } from '../slip/reception-slip-print.ts';
import { clinicConnector } from '../clinic-sync/clinic-connector.ts';
import { ClinicSync, syncProblemReason, type SyncProblem } from '../clinic-sync/clinic-sync.ts';
import type { Clock } from '../clock.ts';
import type { ClinicKeys } from '../clinic-sync/clinic-seal.ts';
import { RegistryOutbox } from '../clinic-sync/registry-outbox.ts';
import {
  deskPullHooks,
  deskRegistrySync,
  type DeskPullHooks,
  type RegistrySync,
  wakeOnChanges,
} from '../clinic-sync/registry-sync.ts';
import type { ChangeListener } from '../clinic-sync/change-listener.ts';
import { CodeService } from '../codes/code-service.ts';
import { offlineBudgetOf } from '../config/clinic-config.ts';
import type { KioskConfig } from '../config/kiosk-config.ts';
import type { ScryptParams } from '../crypto/secret-hash.ts';
import type { Subkeys } from '../crypto/subkeys.ts';
import type { DeliveryChannel } from '../delivery/channel.ts';
import type { DecisionRule } from '../face/decision-rule.ts';
import type { EarlierPipeline } from '../face/decision-rule-file.ts';
import { DEFAULT_LIVENESS_CONFIG, type LivenessConfig } from '../liveness/config.ts';
import { startOutboxScheduler, type OutboxScheduler } from '../notify/scheduler.ts';
import { ConsentRegistry } from '../enrolment/consent.ts';
import {
  Enrolment,
  loadEarlierIndexes,
  loadTemplateIndex,
  type EarlierIndex,
} from '../enrolment/enrolment.ts';
import { EnrolmentCaptures } from '../enrolment/enrolment-captures.ts';
import { DEFAULT_FACE_LOCK_POLICY } from '../visit/face-lock.ts';
import { OperatorRegistry, type Operator } from '../operators/operators.ts';
import { PatientLanguages } from '../patients/patient-language.ts';
import { PatientLookups } from '../patients/patient-lookups.ts';
import { PatientRegistry } from '../patients/patients.ts';
import { Representatives } from '../patients/representatives.ts';
import type { TemplateIndex } from '../enrolment/template-index.ts';
import { TemplateStore } from '../enrolment/templates.ts';
import { renderSlipForVisit } from '../slip/slip-for-visit.ts';
import { DeskStore } from '../store/desk-store.ts';
import { steadyTime, systemTime, type TimeSource } from '../time/desk-clock.ts';
import { DeskTime } from '../time/desk-time.ts';
import { TIME_MARK_FILE_NAME } from '../time/time-mark.ts';
import { DEFAULT_VISIT_CONFIG, parseVisitConfig } from '../visit/config.ts';
import { closeInterruptedVisits } from '../visit/interrupted-visits.ts';
import { VisitDesk } from '../visit/visit-desk.ts';
import { chooseFraudReport, type ScopedFraudReport } from './fraud-report-choice.ts';
import type { FaceAnalyzerPort } from '../visit/visit-desk-deps.ts';

export interface KioskServicesOptions {
  dbPath: string;
  /** The desk is set up: its database must exist with its schema, and is never created anew. */
  existing?: boolean;
  keys: Subkeys;
  config: KioskConfig;
  face: FaceAnalyzerPort;
  rule: DecisionRule;
  /** The engine pipeline id templates are made with (ANALYZER_PIPELINE). */
  modelVersion: string;
  /** Earlier pipelines and their rules: patients they enrolled are verified with them (template-choice.ts). */
  earlierPipelines?: readonly EarlierPipeline[];
  /** The gateway client, or the offline channel when the configuration has no gateway. */
  gateway: DeliveryChannel;
  /**
   * The operating system's clocks; the services measure time with a DeskClock built on them
   * (time/desk-clock.ts says why). Tests may instead pass `clock`, a clock that never jumps.
   */
  time?: TimeSource;
  clock?: Clock;
  /** Where the sealed time high-water mark is kept; beside the database by default. */
  timeMarkPath?: string;
  /** Told when the sealed chain head could not be rewritten after a commit (it stays behind, and is retried). */
  onChainHeadError?: (error: unknown) => void;
  /** Draws liveness challenges; crypto-backed unless a test pins it. */
  random?: () => number;
  liveness?: LivenessConfig;
  /** Lower only in tests: scrypt at full cost takes ~100 ms per sign-in. */
  scrypt?: ScryptParams;
  /** How often the notification outbox is tried; null: never on a timer (tests call runNow). */
  outboxIntervalMs?: number | null;
  /** How often the retention purge runs (it also runs at start); null: only at start. */
  retentionIntervalMs?: number | null;
  /**
   * The desk's password at the clinic database (from the sealed secret store), when the
   * configuration names one: without it the desk stays single, and says so.
   */
  clinicPassword?: string | null;
  /** The desk's TLS key from the sealed secret store, when the configuration names it (`tls.keyRef`). */
  clinicTlsKey?: string | null;
  /** How often the clinic sync runs a round; null: only when asked (tests). */
  clinicIntervalMs?: number | null;
  /** Told once when the clinic sync stops pushing (a chain behind its acknowledgement, a refusal). */
  onClinicProblem?: (problem: SyncProblem) => void;
  /** Told about a failed purge (a broken chain purges nothing and must be seen). */
  onRetentionError?: (error: unknown) => void;
  /**
   * Clinic mode: the clinic key's subkeys (clinic-sync/clinic-seal.ts). Registry changes then also
   * write ops for the clinic, in their own transaction; without it the desk writes none.
   */
  clinicKeys?: ClinicKeys;
}

export interface KioskServices {
  /** The desk's data, behind its repositories (src/main never reaches past the services). */
  store: DeskStore;
  /** Replaced in place by settings that need no rebuild (camera, log level, languages enabled). */
  config: KioskConfig;
  /** The desk's measured time (time.clock): every service reads the time from it. */
  clock: Clock;
  time: DeskTime;
  audit: AuditLog;
  keys: Subkeys;
  patients: PatientRegistry;
  /** Look-ups that show patients' records: audited, limited per operator. */
  lookups: PatientLookups;
  /** Patients' remembered languages (kept in memory once read). */
  languages: PatientLanguages;
  representatives: Representatives;
  templates: TemplateStore;
  consents: ConsentRegistry;
  operators: OperatorRegistry;
  codes: CodeService;
  index: TemplateIndex;
  /** The templates each earlier pipeline made, for the duplicate check (one index per pipeline). */
  earlierIndexes: readonly EarlierIndex[];
  enrolment: Enrolment;
  captures: EnrolmentCaptures;
  desk: VisitDesk;
  outbox: OutboxScheduler | null;
  /** The desk's link to the clinic database; null on a single desk (no clinicDatabase configured). */
  clinicLink: ClinicSync | null;
  rule: DecisionRule;
  modelVersion: string;
  /** The registry ops for the clinic (clinic mode), or null on a single desk. */
  clinicOutbox: RegistryOutbox | null;
  /** What this desk's registry puller does with pulled rows (clinic mode), or null on a single desk. */
  pullHooks: DeskPullHooks | null;
  /** Once, when the desk joins a clinic: queues what it already holds for the clinic; returns how many. */
  queueRegistryForClinic(): number;
  /** The one-second heartbeat: visit timeouts, a moved wall clock, the time mark. */
  tick(): Promise<void>;
  /** An admin vouches for the wall clock after an anomaly; the deferred purge runs at once. */
  confirmClock(actor: Actor): void;
  /** Runs the retention purge now (it also runs at start and daily); failures are reported, not thrown. */
  purge(): void;
  /** How the last purge went: a failed one stays an alert until a purge succeeds. */
  purgeStatus(): { ok: true } | { ok: false; code: string };
  /** An audit row of its own (a restart, a move, a settings change), in its own transaction. */
  record(entry: AuditEntryInput): void;
  /** The newest `limit` audit rows, newest first, without details (the admin's audit tab). */
  recentAudit(limit: number): ReturnType<DeskStore['rows']['audit']['newest']>;
  /** Walks the whole audit chain up to the sealed head kept outside the database (the admin's "check the chain"). */
  verifyAudit(): ChainVerdict;
  /**
   * The anti-fraud report over a period, per operator: clinic-wide when this desk is in clinic mode
   * and online, else this desk's own (fraud-report-choice.ts); `scope` says which.
   */
  fraudReport(period: ReportPeriod): Promise<ScopedFraudReport>;
  /** The visits started at this desk in [from, to), newest first. */
  visitsAtDesk(from: Date, to: Date): VisitRow[];
  /**
   * At reception (a registrar, clinic mode online): a code slip for the patient, issued at the
   * clinic; its PDF holds the code (print it, then zero it). CLINIC_UNREACHABLE otherwise.
   */
  printReceptionSlip(patientId: string, issuer: Operator): Promise<{ pdf: Uint8Array; expiresAt: Date }>;
  /** An encrypted backup through SQLite's backup API (store/backup.ts). */
  backupTo(path: string, options: BackupOptions): Promise<void>;
  close(): Promise<void>;
}

export function openKioskServices(options: KioskServicesOptions): KioskServices {
  const store = DeskStore.open(options.dbPath, { existing: options.existing ?? false });
  try {
    // Before anything is written with it: another desk's key would fork the chain and seal
    // nothing this desk can read.
    if (!claimDatabaseKey(store, options.keys['audit-chain'])) {
      throw new CryptoError('KEY_WRONG', "The data key does not verify this desk's audit trail.");
    }
    // Before anything is written: a database behind the head kept outside it was rolled back.
    const headFile = new ChainHeadFile(chainHeadPathFor(options.dbPath), options.keys['chain-head']);
    const head = compareWithHead(store.rows.audit, headFile);
    if (!head.ok) throw new AuditError('AUDIT_CHAIN_BROKEN', head.message);
    return composeServices(store, options, {
      file: headFile,
      known: head.head,
      restorePending: head.restorePending ?? false,
    });
  } catch (error) {
    store.close();
    throw error;
  }
}

function composeServices(
  store: DeskStore,
  options: KioskServicesOptions,
  head: { file: ChainHeadFile; known: ChainHead | null; restorePending: boolean },
): KioskServices {
  const { config, keys, rule, modelVersion } = options;
  const time = new DeskTime({
    store,
    markPath: options.timeMarkPath ?? join(dirname(options.dbPath), TIME_MARK_FILE_NAME),
    markKey: keys['time-mark'],
    deskId: config.desk.id,
    source: options.time ?? (options.clock ? steadyTime(options.clock) : systemTime),
  });
  const clock = time.clock;
  const audit = new AuditLog(store.rows.audit, keys['audit-chain'], clock);
  const headKeeper = new ChainHeadKeeper({
    store,
    file: head.file,
    known: head.known,
    ...(options.onChainHeadError ? { onError: options.onChainHeadError } : {}),
  });
  if (head.restorePending) {
    // `npm run backup -- restore` ran without the data key: the restore is recorded now.
    recordRestore({ store, audit, file: head.file, deskId: config.desk.id });
  } else if (head.known === null) {
    // No head kept yet (a new desk, or the first start of a version that keeps it): from this row
    // on, a missing head file is a deletion (head-check.ts).
    store.write((tx) =>
      audit.append(tx, { operatorId: 'system', deskId: config.desk.id, event: 'chain_head_started' }),
    );
  }
  time.recordStart(audit);
  // Before any visit can start: what the last run left open is closed as interrupted.
  closeInterruptedVisits(store, audit, clock);
  const clinicOutbox = options.clinicKeys
    ? new RegistryOutbox({ store, deskKeys: keys, clinicKeys: options.clinicKeys, clock })
    : null;
  const deps = { store, keys, audit, clock, ...(clinicOutbox ? { clinic: clinicOutbox } : {}) };
  const patients = new PatientRegistry(deps);
  const lookups = new PatientLookups({ store, audit, clock });
  const languages = new PatientLanguages(store, clinicOutbox ?? undefined);
  const representatives = new Representatives({ ...deps, patients });
  const templates = new TemplateStore(deps);
  const consents = new ConsentRegistry({ ...deps, patients, representatives });
  const operators = new OperatorRegistry({ ...deps, ...(options.scrypt ? { scrypt: options.scrypt } : {}) });
  const codes = new CodeService(deps);
  const enrolmentConfig = {
    modelId: rule.modelId,
    modelVersion,
    // Per pipeline, in the decision rule file (measured by `npm run eval -- --dedup`).
    duplicateThreshold: rule.duplicateThreshold,
  };
  const index = loadTemplateIndex(templates, enrolmentConfig);
  // Patients whose only template an earlier pipeline made are searched in that pipeline's distances.
  const earlierIndexes = loadEarlierIndexes(templates, options.earlierPipelines ?? []);
  const enrolment = new Enrolment({
    ...deps,
    patients,
    consents,
    templates,
    index,
    earlierIndexes,
    config: enrolmentConfig,
  });
  const captures = new EnrolmentCaptures({ face: options.face, consents, enrolment });
  // The retention purge: at start and then daily, with the configured period. It verifies the chain
  // first and purges nothing if it is broken (reported, never silently skipped).
  let purgeError: { ok: false; code: string } | null = null;
  const purge = (): void => {
    try {
      purgeExpired(
        {
          store,
          audit,
          chainKey: keys['audit-chain'],
          clock,
          deskId: config.desk.id,
          clockVerdict: () => clock.verdict,
        },
        { retentionDays: config.retention.auditDays },
      );
      purgeError = null;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      purgeError = { ok: false, code: typeof code === 'string' ? code : 'UNEXPECTED' };
      options.onRetentionError?.(error);
    }
  };
  purge();
  const retentionEvery =
    options.retentionIntervalMs === undefined ? 24 * 60 * 60 * 1000 : options.retentionIntervalMs;
  const retentionTimer = retentionEvery === null ? null : setInterval(purge, retentionEvery);
  retentionTimer?.unref();
  const interval = options.outboxIntervalMs === undefined ? 60_000 : options.outboxIntervalMs;
  const outbox =
    interval === null ? null : startOutboxScheduler(store, options.gateway, clock, { intervalMs: interval });
  const pullHooks =
    clinicOutbox === null
      ? null
      : deskPullHooks({
          store,
          audit,
          outbox: clinicOutbox,
          clock,
          deskId: config.desk.id,
          index,
          earlierIndexes,
          languages,
          model: enrolmentConfig,
        });
  const registry =
    clinicOutbox && pullHooks && options.clinicKeys
      ? deskRegistrySync({
          store,
          deskKeys: keys,
          clinicKeys: options.clinicKeys,
          clock,
          audit,
          outbox: clinicOutbox,
          deskId: config.desk.id,
          hooks: pullHooks,
        })
      : null;
  const {
    sync: clinicLink,
    listener: clinicListener,
    counts: clinicCounts,
  } = openClinicSync(store, clock, options, registry, audit);
  // Built after the clinic sync: in clinic mode its limits ask the clinic about the other desks.
  const desk = new VisitDesk({
    ...deps,
    patients,
    languages,
    representatives,
    templates,
    codes,
    operators,
    gateway: options.gateway,
    renderSlip: renderSlipForVisit,
    face: options.face,
    rule,
    modelVersion,
    ...(options.earlierPipelines ? { earlierPipelines: options.earlierPipelines } : {}),
    enrolment,
    visit: parseVisitConfig({
      ...DEFAULT_VISIT_CONFIG,
      maxFaceAttempts: config.identification.maxFaceAttempts,
      slipAllowed: config.slip.allowed,
    }),
    liveness: options.liveness ?? DEFAULT_LIVENESS_CONFIG,
    faceLock: DEFAULT_FACE_LOCK_POLICY,
    ...(clinicCounts ? { otherDesks: clinicCounts, receptionSlips: clinicCounts } : {}),
    settings: {
      clinic: config.clinic.name,
      timeZone: config.clinic.timeZone,
      callNumber: config.clinic.callNumber,
      defaultLanguage: config.languages.default,
    },
    ...(options.random ? { random: options.random } : {}),
  });
  return {
    store,
    clinicLink,
    config,
    clock,
    time,
    audit,
    keys,
    patients,
    lookups,
    languages,
    representatives,
    templates,
    consents,
    operators,
    codes,
    index,
    earlierIndexes,
    enrolment,
    captures,
    desk,
    outbox,
    rule,
    modelVersion,
    clinicOutbox,
    pullHooks,
    queueRegistryForClinic: () =>
      clinicOutbox === null ? 0 : store.write((tx) => clinicOutbox.enqueueExisting(tx)),
    tick: async () => {
      time.tick(audit);
      await desk.tick();
    },
    confirmClock: (actor) => {
      time.confirm(audit, actor);
      purge();
    },
    purge,
    purgeStatus: () => purgeError ?? { ok: true },
    record: (entry) => store.write((tx) => audit.append(tx, entry)),
    recentAudit: (limit) => store.rows.audit.newest(limit),
    verifyAudit: () => verifyWithHead(store.rows, keys['audit-chain'], head.file),
    fraudReport: (period) =>
      chooseFraudReport(store, clinicLink, offlineBudgetOf(config.clinicDatabase), period),
    visitsAtDesk: (from, to) =>
      store.rows.visits.atDesk(config.desk.id, from.toISOString(), to.toISOString()),
    printReceptionSlip: (patientId, issuer) =>
      printableReceptionSlip(
        {
          slips: clinicCounts,
          now: () => clock.now(),
          settings: {
            clinic: config.clinic.name,
            timeZone: config.clinic.timeZone,
            defaultLanguage: config.languages.default,
          },
        },
        patients.get(patientId),
        languages.of(patientId),
        issuer,
      ),
    backupTo: (path, backupOptions) => backupDatabase(store, path, backupOptions),
    close: async () => {
      for (const id of desk.liveVisitIds()) await desk.cancel(id).catch(() => undefined);
      await outbox?.stop();
      await clinicListener?.stop();
      await clinicCounts?.close();
      await clinicLink?.close();
      if (retentionTimer !== null) clearInterval(retentionTimer);
      time.persist();
      headKeeper.stop();
      store.close();
    },
  };
}

/**
 * The clinic sync when the configuration names a clinic database and its password is stored; with
 * the registry part, also the LISTEN connection that asks for a round when the clinic notifies a
 * change (started with the timer: not when rounds run only on demand, as in tests); and the
 * visit's counts of the other desks (face failures, codes), asked while the sync is online.
 */
function openClinicSync(
  store: DeskStore,
  clock: Clock,
  options: KioskServicesOptions,
  registry: RegistrySync | null,
  audit: AuditLog,
): { sync: ClinicSync | null; listener: ChangeListener | null; counts: ClinicCounts | null } {
  const { config, keys } = options;
  const clinic = config.clinicDatabase;
  if (clinic === null || !options.clinicPassword) return { sync: null, listener: null, counts: null };
  const connector = clinicConnector(clinic, {
    password: options.clinicPassword,
    tlsKey: options.clinicTlsKey ?? null,
  });
  const sync = new ClinicSync({
    desk: config.desk.id,
    server: connector.server,
    connect: () => connector.connect(),
    store,
    ackFile: new ClinicAckFile({
      path: join(dirname(options.dbPath), CLINIC_ACK_FILE_NAME),
      key: keys['clinic-ack'],
      deskId: config.desk.id,
    }),
    clock,
    ...(options.clinicIntervalMs === undefined ? {} : { intervalMs: options.clinicIntervalMs }),
    // In the desk's own trail too: the clinic keeps no trace of a refused push (it rolls back whole).
    onProblem: (problem) => {
      store.write((tx) =>
        audit.append(tx, {
          operatorId: 'system',
          deskId: config.desk.id,
          event: 'clinic_sync_stopped',
          detail: { reason: syncProblemReason(problem) },
        }),
      );
      options.onClinicProblem?.(problem);
    },
    ...(registry ? { parts: [registry] } : {}),
  });
  const listener =
    registry && options.clinicIntervalMs !== null
      ? wakeOnChanges({ connect: () => connector.connect(), sync: () => sync.sync(), periodMs: null })
      : null;
  listener?.start();
  const counts = new ClinicCounts({
    connect: () => connector.connect(),
    linkState: () => sync.state(),
    ...(options.clinicKeys ? { keys: options.clinicKeys } : {}),
  });
  return { sync, listener, counts };
}
