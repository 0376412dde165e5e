/**
 * The composition root of the kiosk's domain: one database, the key-derived services on it, and
 * the visit desk, built from the validated configuration. The Electron main process builds it with
 * the utility-process engine and the safeStorage key; the end-to-end tests build the very same
 * thing with a worker-thread engine and a key file, so what they test is what the app runs.
 */
import type Database from 'better-sqlite3';
import { AuditLog } from '../audit/audit-log.ts';
import { purgeExpired } from '../audit/retention.ts';
import { systemClock, type Clock } from '../clock.ts';
import { CodeService } from '../codes/code-service.ts';
import type { KioskConfig } from '../config/kiosk-config.ts';
import type { ScryptParams } from '../crypto/secret-hash.ts';
import type { Subkeys } from '../crypto/subkeys.ts';
import type { DeliveryChannel } from '../delivery/channel.ts';
import type { DecisionRule } from '../face/decision-rule.ts';
import { DEFAULT_LIVENESS_CONFIG, type LivenessConfig } from '../liveness/config.ts';
import { startOutboxScheduler, type OutboxScheduler } from '../notify/scheduler.ts';
import { ConsentRegistry } from '../registry/consent.ts';
import { Enrolment, loadTemplateIndex } from '../registry/enrolment.ts';
import { EnrolmentCaptures } from '../registry/enrolment-captures.ts';
import { DEFAULT_FACE_LOCK_POLICY } from '../registry/face-lock.ts';
import { OperatorRegistry } from '../registry/operators.ts';
import { PatientRegistry } from '../registry/patients.ts';
import { Representatives } from '../registry/representatives.ts';
import type { TemplateIndex } from '../registry/template-index.ts';
import { TemplateStore } from '../registry/templates.ts';
import { renderSlipForVisit } from '../slip/slip-for-visit.ts';
import { openDatabase } from '../store/database.ts';
import { DEFAULT_VISIT_CONFIG, parseVisitConfig } from '../visit/config.ts';
import { VisitDesk, type FaceAnalyzerPort } from '../visit/visit-desk.ts';

export interface KioskServicesOptions {
  dbPath: string;
  keys: Subkeys;
  config: KioskConfig;
  face: FaceAnalyzerPort;
  rule: DecisionRule;
  /** The engine pipeline id templates are made with (ANALYZER_PIPELINE). */
  modelVersion: string;
  /** The gateway client, or the offline channel when the configuration has no gateway. */
  gateway: DeliveryChannel;
  clock?: Clock;
  /** Draws liveness challenges; crypto-backed unless a test pins it. */
  random?: () => number;
  liveness?: LivenessConfig;
  /** Lower only in tests: scrypt at full cost takes ~100 ms per sign-in. */
  scrypt?: ScryptParams;
  /** How often the notification outbox is tried; null: never on a timer (tests call runNow). */
  outboxIntervalMs?: number | null;
  /** How often the retention purge runs (it also runs at start); null: only at start. */
  retentionIntervalMs?: number | null;
  /** Told about a failed purge (a broken chain purges nothing and must be seen). */
  onRetentionError?: (error: unknown) => void;
}

export interface KioskServices {
  db: Database.Database;
  /** Replaced in place by settings that need no rebuild (camera, log level, languages enabled). */
  config: KioskConfig;
  clock: Clock;
  audit: AuditLog;
  keys: Subkeys;
  patients: PatientRegistry;
  representatives: Representatives;
  templates: TemplateStore;
  consents: ConsentRegistry;
  operators: OperatorRegistry;
  codes: CodeService;
  index: TemplateIndex;
  enrolment: Enrolment;
  captures: EnrolmentCaptures;
  desk: VisitDesk;
  outbox: OutboxScheduler | null;
  rule: DecisionRule;
  modelVersion: string;
  close(): Promise<void>;
}

export function openKioskServices(options: KioskServicesOptions): KioskServices {
  const clock = options.clock ?? systemClock;
  const { config, keys, rule, modelVersion } = options;
  const db = openDatabase(options.dbPath);
  const audit = new AuditLog(db, keys['audit-chain'], clock);
  const store = { db, keys, audit, clock };
  const patients = new PatientRegistry(store);
  const representatives = new Representatives({ ...store, patients });
  const templates = new TemplateStore(store);
  const consents = new ConsentRegistry({ ...store, patients, representatives });
  const operators = new OperatorRegistry({ ...store, ...(options.scrypt ? { scrypt: options.scrypt } : {}) });
  const codes = new CodeService(store);
  const enrolmentConfig = {
    modelId: rule.modelId,
    modelVersion,
    // Per pipeline, in the decision rule file (measured by `npm run eval -- --dedup`).
    duplicateThreshold: rule.duplicateThreshold,
  };
  const index = loadTemplateIndex(templates, enrolmentConfig);
  const enrolment = new Enrolment({
    ...store,
    patients,
    consents,
    templates,
    index,
    config: enrolmentConfig,
  });
  const captures = new EnrolmentCaptures({ face: options.face, consents, enrolment });
  const desk = new VisitDesk({
    ...store,
    patients,
    representatives,
    templates,
    codes,
    gateway: options.gateway,
    renderSlip: renderSlipForVisit,
    face: options.face,
    rule,
    modelVersion,
    visit: parseVisitConfig({
      ...DEFAULT_VISIT_CONFIG,
      maxFaceAttempts: config.identification.maxFaceAttempts,
      slipAllowed: config.slip.allowed,
    }),
    liveness: options.liveness ?? DEFAULT_LIVENESS_CONFIG,
    faceLock: DEFAULT_FACE_LOCK_POLICY,
    settings: {
      clinic: config.clinic.name,
      timeZone: config.clinic.timeZone,
      callNumber: config.clinic.callNumber,
      defaultLanguage: config.languages.default,
    },
    ...(options.random ? { random: options.random } : {}),
  });
  // The retention purge: at start and then daily, with the configured period. It verifies the chain
  // first and purges nothing if it is broken (reported, never silently skipped).
  const purge = (): void => {
    try {
      purgeExpired(
        { db, audit, chainKey: keys['audit-chain'], clock },
        { retentionDays: config.retention.auditDays },
      );
    } catch (error) {
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
    interval === null ? null : startOutboxScheduler(db, options.gateway, clock, { intervalMs: interval });
  return {
    db,
    config,
    clock,
    audit,
    keys,
    patients,
    representatives,
    templates,
    consents,
    operators,
    codes,
    index,
    enrolment,
    captures,
    desk,
    outbox,
    rule,
    modelVersion,
    close: async () => {
      for (const id of desk.liveVisitIds()) await desk.cancel(id).catch(() => undefined);
      await outbox?.stop();
      if (retentionTimer !== null) clearInterval(retentionTimer);
      db.close();
    },
  };
}
