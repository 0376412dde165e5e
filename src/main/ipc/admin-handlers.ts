/** Handlers of admin:* (settings, audit check, anti-fraud report, accounts) and camera:*. */
import {
  AUDIT_TRAIL_ROWS,
  type ADMIN_CHANNELS,
  type CAMERA_CHANNELS,
} from '../../shared/ipc/admin-channels.ts';
import { clinicDaysPeriod } from '../../core/audit/fraud-report.ts';
import { runSelfCheck } from '../../core/doctor/self-check.ts';
import { cameraChanged } from '../../core/kiosk/desk-events.ts';
import type { KioskServices } from '../../core/kiosk/kiosk-services.ts';
import type { KioskRuntime } from '../runtime/kiosk-runtime.ts';
import { applySettingsChange, GATEWAY_SECRET } from '../runtime/settings-change.ts';
import type { IpcHandlers } from './router.ts';
import { operatorView } from './session-handlers.ts';

function settingsView(runtime: KioskRuntime, services: KioskServices) {
  const { config, rule } = services;
  return {
    clinic: { ...config.clinic },
    deskId: config.desk.id,
    languages: { enabled: [...config.languages.enabled], default: config.languages.default },
    cameraDeviceId: config.camera.deviceId,
    gateway: config.gateway
      ? {
          baseUrl: config.gateway.baseUrl,
          credentialsStored: runtime.secrets.has(config.gateway.credentialsRef),
        }
      : null,
    slipAllowed: config.slip.allowed,
    retentionDays: config.retention.auditDays,
    maxFaceAttempts: config.identification.maxFaceAttempts,
    startWithSystem: config.startWithSystem,
    logLevel: config.logLevel,
    decisionRule: {
      threshold: rule.threshold,
      bands: rule.bands.map((b) => ({ name: b.name, threshold: b.threshold })),
      modelId: rule.modelId,
      calibration: `${rule.calibration.source} (${rule.calibration.date}; ${rule.calibration.command})`,
    },
  };
}

export function adminHandlers(runtime: KioskRuntime): IpcHandlers<typeof ADMIN_CHANNELS> {
  return {
    'admin:getSettings': () => settingsView(runtime, runtime.require('settings').services),
    'admin:updateSettings': async (change) => {
      const { services, actor } = runtime.requireFreshPassword('settings');
      // Validated as a whole first: a refused change writes nothing, not even the token.
      const { config: next, gateway, keys } = applySettingsChange(services.config, change);
      // Saved as it was: nothing to write, nothing to audit.
      if (keys.length === 0) return settingsView(runtime, services);
      // Audited before anything changes: a change that is not in the trail did not happen.
      services.record({
        ...actor,
        event: 'settings_changed',
        detail: { keys, ...(gateway === null ? {} : { gateway }) },
      });
      if (keys.includes('cameraDeviceId')) {
        services.record(cameraChanged(actor, services.config.camera.deviceId, next.camera.deviceId));
      }
      const before = services.config.gateway;
      if (gateway === 'removed' && before !== null) runtime.secrets.delete(before.credentialsRef);
      const token = change.gateway?.token;
      if (gateway !== null && gateway !== 'removed' && token !== undefined) {
        runtime.secrets.set(next.gateway?.credentialsRef ?? GATEWAY_SECRET, token);
      }
      // A new token at the same address changes no setting, but the gateway client holds the old one.
      await runtime.reconfigure(next, { rebuild: gateway !== null });
      return settingsView(runtime, runtime.services());
    },
    'admin:verifyAudit': () => {
      const { services } = runtime.require('audit_export');
      const verdict = services.verifyAudit();
      return verdict.ok
        ? { ok: true, rows: verdict.rows, firstBadSeq: null, problem: null }
        : { ok: false, rows: verdict.rows, firstBadSeq: verdict.firstBadSeq, problem: verdict.problem };
    },
    'admin:auditTrail': () => {
      const { services } = runtime.require('audit_export');
      const names = new Map(services.operators.list().map((o) => [o.id, o.displayName]));
      return services.recentAudit(AUDIT_TRAIL_ROWS).map((row) => ({
        seq: row.seq,
        at: row.at,
        event: row.event,
        // An account gone from this desk's registry is shown by its id, as the report does.
        operator: row.operatorId === 'system' ? null : (names.get(row.operatorId) ?? row.operatorId),
      }));
    },
    'admin:fraudReport': async ({ from, to }) => {
      const { services } = runtime.require('reports');
      // Whole clinic days: "to" is inclusive on the screen, exclusive in the query.
      const report = await services.fraudReport(clinicDaysPeriod(from, to, services.config.clinic.timeZone));
      // The clinic sends ids only; other desks' doctors are in this desk's registry too (pulled).
      const names = new Map(services.operators.list().map((o) => [o.id, o.displayName]));
      return {
        scope: report.scope,
        from: report.from,
        to: report.to,
        clinic: {
          visits: report.clinic.visits,
          bypassShare: report.clinic.bypassShare,
          shares: { ...report.clinic.shares },
        },
        operators: report.operators.map((o) => ({
          operatorId: o.operatorId,
          displayName: names.get(o.operatorId) ?? o.operatorId,
          visits: o.visits,
          shares: { ...o.shares },
          bypassShare: o.bypassShare,
          noMatchRate: o.noMatchRate,
          codeFailures: o.codeFailures,
          refusals: o.refusals,
          bypassFlagged: o.bypassFlagged,
          slipFlagged: o.slipFlagged,
          slipDaysFlagged: o.slipDays
            .filter((d) => d.flagged)
            .map((d) => ({ day: d.day, visits: d.visits, slips: d.slips })),
          flagged: o.flagged,
        })),
        desksOverBudget: report.desks.flatMap((d) =>
          d.overBudget === null ? [] : [{ desk: d.desk, lastContactAt: d.lastContactAt, ...d.overBudget }],
        ),
      };
    },
    'admin:selfCheck': () => {
      runtime.require('settings');
      const o = runtime.options;
      return runSelfCheck({
        configPath: runtime.configPath,
        dataDir: o.dataDir,
        modelsDir: o.modelsDir,
        selftestImage: o.selftestImage,
        keyProvider: o.keyProvider,
        cupsdConfPath: o.cupsdConfPath ?? null,
        analyze: (frame) => o.face.analyze(frame, { descriptor: true }),
      });
    },
    'admin:backupNow': async () => ({ path: await runtime.backupNow() }),
    'admin:backupOffDesk': async ({ passphrase }) => ({ path: await runtime.backupNow(passphrase) }),
    'admin:exportTransfer': async ({ passphrase }) => ({ path: await runtime.exportTransfer(passphrase) }),
    'admin:listOperators': () =>
      runtime
        .require('manage_operators')
        .services.operators.list()
        .map((o) => ({ ...operatorView(o), login: o.login, locked: o.locked })),
    'admin:unlockOperator': ({ operatorId }) => {
      const { services, actor } = runtime.require('manage_operators');
      return operatorView(services.operators.unlock(operatorId, actor));
    },
    'admin:alerts': () => runtime.alerts(),
    'admin:confirmClock': () => {
      runtime.confirmClock();
      return null;
    },
    'admin:quit': async ({ secret }) => {
      await runtime.quitKiosk(secret);
      return null;
    },
    'admin:createOperator': (input) => {
      const { services, actor } = runtime.require('manage_operators');
      return operatorView(services.operators.create(input, actor));
    },
  };
}

export function cameraHandlers(runtime: KioskRuntime): IpcHandlers<typeof CAMERA_CHANNELS> {
  return {
    'camera:getDevice': () => ({ deviceId: runtime.require(null).services.config.camera.deviceId }),
    // Any operator at the desk may pick its webcam (a hot-plugged replacement must not wait for IT).
    'camera:setDevice': async ({ deviceId }) => {
      const { services, actor } = runtime.require(null);
      if (services.config.camera.deviceId !== deviceId) {
        services.record(cameraChanged(actor, services.config.camera.deviceId, deviceId));
        await runtime.reconfigure({ ...services.config, camera: { deviceId } });
      }
      return null;
    },
  };
}
