/**
 * The desk's self-check, shared by `npm run doctor` and the admin screen. Each line is OK / WARN /
 * FAIL with what to do about it, in words an IT person can act on; a FAIL means the kiosk cannot
 * do its job (and `doctor` exits non-zero). Checks run independently: one failing does not hide
 * the others.
 */
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyChain } from '../audit/verify.ts';
import { readConfigFile } from '../config/config-file.ts';
import { readCupsRetention } from './cups-retention.ts';
import type { KioskConfig } from '../config/kiosk-config.ts';
import type { KeyProvider } from '../crypto/key-provider.ts';
import { SECRETS_FILE_NAME, SecretStore } from '../crypto/secret-store.ts';
import { deriveSubkeys } from '../crypto/subkeys.ts';
import { GatewayClient } from '../delivery/gateway-client.ts';
import { decodeImage } from '../face/image-decode.ts';
import { readVerifiedModels } from '../face/model-files.ts';
import { DATABASE_FILE_NAME } from '../store/database.ts';
import { DeskStore } from '../store/desk-store.ts';
import type { FrameAnalysis, RawFrame } from '../../shared/face.ts';

export type CheckStatus = 'OK' | 'WARN' | 'FAIL';

export interface CheckLine {
  check: string;
  status: CheckStatus;
  /**
   * Which outcome of the check, stable (e.g. 'chain-broken'), with its values in `params`: the admin
   * screen says it in the desk's language; `detail` and `action` are the English for the terminal.
   */
  reason: string;
  params: Record<string, string | number>;
  detail: string;
  /** What to do, for WARN and FAIL. */
  action?: string;
}

export interface SelfCheckDeps {
  configPath: string;
  dataDir: string;
  modelsDir: string;
  /** A bundled photo with one face (resources/selftest/face.jpg). */
  selftestImage: string;
  /** Analyses one frame with a descriptor: the running engine, or one started for the check. */
  analyze(frame: RawFrame): Promise<FrameAnalysis>;
  /** How long the engine took to load, when the check started it (ms). */
  engineLoadMs?: number;
  /** Per-frame budget for a verification on a clinic PC. */
  analyzeBudgetMs?: number;
  /** Null when the key is out of reach from here (the OS key store from a plain-Node CLI). */
  keyProvider: KeyProvider | null;
  /**
   * Where cupsd's configuration is on a Linux desk (/etc/cups/cupsd.conf): the printer line checks
   * that CUPS keeps no copy of a printed slip. Null or absent where slips do not go through CUPS.
   */
  cupsdConfPath?: string | null;
  now?: () => number;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function line(
  check: string,
  status: CheckStatus,
  reason: string,
  params: Record<string, string | number>,
  detail: string,
  action?: string,
): CheckLine {
  const base = { check, status, reason, params, detail };
  return action === undefined ? base : { ...base, action };
}

async function attempt(check: string, run: () => Promise<CheckLine> | CheckLine): Promise<CheckLine> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return line(
      check,
      'FAIL',
      'failed',
      {},
      message,
      'See the message; reinstall or restore from backup if it persists.',
    );
  }
}

export async function runSelfCheck(deps: SelfCheckDeps): Promise<CheckLine[]> {
  const now = deps.now ?? (() => performance.now());
  const budget = deps.analyzeBudgetMs ?? 1500;
  const lines: CheckLine[] = [];
  let config: KioskConfig | null = null;

  lines.push(
    await attempt('configuration', () => {
      config = readConfigFile(deps.configPath);
      if (config === null) {
        return line(
          'configuration',
          'WARN',
          'missing',
          { path: deps.configPath },
          `no ${deps.configPath} yet`,
          'Start the kiosk and complete the first-start setup.',
        );
      }
      return line(
        'configuration',
        'OK',
        'ok',
        { clinic: config.clinic.name, desk: config.desk.id },
        `${config.clinic.name}, desk ${config.desk.id}`,
      );
    }),
  );

  lines.push(
    await attempt('models', () => {
      const { manifest } = readVerifiedModels(deps.modelsDir);
      return line(
        'models',
        'OK',
        'ok',
        { files: Object.keys(manifest.files).length },
        `${Object.keys(manifest.files).length} files listed, all in use match the manifest`,
      );
    }),
  );

  lines.push(
    await attempt('face engine', async () => {
      const frame = await decodeImage(readFileSync(deps.selftestImage), {
        fitInside: { width: 640, height: 480 },
      });
      const started = now();
      const analysis = await deps.analyze(frame);
      const ms = Math.round(now() - started);
      const load = deps.engineLoadMs === undefined ? '' : `loaded in ${Math.round(deps.engineLoadMs)} ms, `;
      if (analysis.faces.length !== 1 || !analysis.descriptor) {
        return line(
          'face engine',
          'FAIL',
          'wrong-faces',
          { faces: analysis.faces.length },
          `${load}the test photo gave ${analysis.faces.length} faces`,
          'Reinstall Tanu (models or engine damaged).',
        );
      }
      if (ms > budget) {
        return line(
          'face engine',
          'WARN',
          'slow',
          { ms, budget },
          `${load}test photo analysed in ${ms} ms (budget ${budget} ms)`,
          'This PC is slower than required; close other programs or check the CPU.',
        );
      }
      return line(
        'face engine',
        'OK',
        'ok',
        { ms, budget },
        `${load}test photo analysed in ${ms} ms (budget ${budget} ms)`,
      );
    }),
  );

  let provider = deps.keyProvider;
  lines.push(
    await attempt('key', () => {
      if (provider === null) {
        return line(
          'key',
          'WARN',
          'out-of-reach',
          {},
          'the data key is in the OS key store, out of reach of this command',
          'Run the same check from the admin screen.',
        );
      }
      deriveSubkeys(provider);
      return line('key', 'OK', 'ok', {}, provider.description ?? 'data key available');
    }),
  );
  if (lines.at(-1)?.status !== 'OK') provider = null;

  lines.push(
    await attempt('database', () => {
      const path = join(deps.dataDir, DATABASE_FILE_NAME);
      if (!existsSync(path))
        return line('database', 'WARN', 'missing', {}, 'no database yet', 'Complete the first-start setup.');
      const store = DeskStore.open(path, { readonly: true });
      try {
        const integrity = store.integrity({ quick: true });
        if (integrity !== 'ok') {
          return line(
            'database',
            'FAIL',
            'integrity',
            {},
            `quick_check: ${String(integrity)}`,
            'Restore the database from the last backup (docs/INSTALL.md).',
          );
        }
        if (provider === null)
          return line(
            'database',
            'OK',
            'ok-no-key',
            {},
            'opens, integrity ok (audit chain not checked without the key)',
          );
        const verdict = verifyChain(store.rows.audit, deriveSubkeys(provider)['audit-chain']);
        if (!verdict.ok) {
          return line(
            'database',
            'FAIL',
            'chain-broken',
            { seq: verdict.firstBadSeq, problem: verdict.problem },
            `audit chain broken at row ${verdict.firstBadSeq} (${verdict.problem})`,
            'Do not delete anything; call the clinic’s security officer.',
          );
        }
        return line(
          'database',
          'OK',
          'ok',
          { rows: verdict.rows },
          `opens, integrity ok, audit chain verified (${verdict.rows} rows)`,
        );
      } finally {
        store.close();
      }
    }),
  );

  lines.push(
    await attempt('disk', () => {
      const s = statfsSync(existsSync(deps.dataDir) ? deps.dataDir : '.');
      const free = s.bavail * s.bsize;
      const text = `${(free / GiB).toFixed(1)} GiB free`;
      const params = { gib: Number((free / GiB).toFixed(1)) };
      if (free < 200 * MiB)
        return line(
          'disk',
          'FAIL',
          'critical',
          params,
          text,
          'Free disk space now: the database refuses writes when the disk is full.',
        );
      if (free < GiB) return line('disk', 'WARN', 'low', params, text, 'Free some disk space soon.');
      return line('disk', 'OK', 'ok', params, text);
    }),
  );

  lines.push(
    await attempt('gateway', async () => {
      const gateway = (config as KioskConfig | null)?.gateway ?? null;
      if (gateway === null)
        return line(
          'gateway',
          'WARN',
          'offline',
          {},
          'offline — codes by slip only',
          'Configure the e-government gateway in the admin settings if this desk has a network.',
        );
      if (provider === null)
        return line(
          'gateway',
          'WARN',
          'no-key',
          { url: gateway.baseUrl },
          `${gateway.baseUrl}: token not checked without the key`,
        );
      const secrets = new SecretStore(
        join(deps.dataDir, SECRETS_FILE_NAME),
        deriveSubkeys(provider)['secret-store'],
      );
      if (!secrets.has(gateway.credentialsRef)) {
        return line(
          'gateway',
          'FAIL',
          'no-token',
          { name: gateway.credentialsRef },
          `no token stored under "${gateway.credentialsRef}"`,
          'Enter the gateway token in the admin settings.',
        );
      }
      const answer = await new GatewayClient({
        baseUrl: gateway.baseUrl,
        token: secrets.get(gateway.credentialsRef),
      }).probe();
      if (answer === 'ok')
        return line('gateway', 'OK', 'ok', { url: gateway.baseUrl }, `${gateway.baseUrl} answers`);
      if (answer === 'unauthorized')
        return line(
          'gateway',
          'FAIL',
          'refused',
          { url: gateway.baseUrl },
          `${gateway.baseUrl} refuses the token`,
          'Enter the current token in the admin settings.',
        );
      return line(
        'gateway',
        'WARN',
        'unreachable',
        { url: gateway.baseUrl },
        `${gateway.baseUrl} does not answer — codes by slip only until it does`,
        'Check the network and the gateway URL.',
      );
    }),
  );
  const cupsdConf = deps.cupsdConfPath ?? null;
  if (cupsdConf !== null) lines.push(await attempt('printer', () => printerLine(cupsdConf)));
  return lines;
}

/** Whether CUPS keeps a copy of a printed slip (its document file) or forgets jobs too soon to confirm one. */
function printerLine(cupsdConf: string): CheckLine {
  if (!existsSync(cupsdConf)) {
    return line(
      'printer',
      'WARN',
      'no-cups',
      { path: cupsdConf },
      `no ${cupsdConf}: CUPS is not installed, code slips cannot be printed`,
      'Install CUPS and set up the slip printer as the default printer (docs/INSTALL.md).',
    );
  }
  const retention = readCupsRetention(readFileSync(cupsdConf, 'utf8'));
  if (retention.files !== 0) {
    return line(
      'printer',
      'WARN',
      'keeps-files',
      { path: cupsdConf, value: retention.filesSetting },
      `CUPS keeps printed documents (PreserveJobFiles ${retention.filesSetting}): a slip whose job Tanu could not purge (power cut mid-print) would stay in /var/spool/cups`,
      `Set "PreserveJobFiles No" in ${cupsdConf} and restart CUPS (docs/INSTALL.md).`,
    );
  }
  if (retention.history === 0) {
    return line(
      'printer',
      'WARN',
      'no-history',
      { path: cupsdConf },
      'CUPS forgets a job as soon as it ends (PreserveJobHistory No): Tanu cannot confirm that a slip printed and reports every slip as not printed',
      `Remove "PreserveJobHistory No" from ${cupsdConf} and restart CUPS (Tanu purges its own jobs).`,
    );
  }
  return line(
    'printer',
    'OK',
    'ok',
    {},
    'CUPS deletes each printed document when its job ends (PreserveJobFiles No)',
  );
}

/** "OK    models       7 files …" lines, for the terminal. */
export function formatCheckLines(lines: readonly CheckLine[]): string {
  return lines
    .map(
      (l) =>
        `${l.status.padEnd(5)}${l.check.padEnd(15)}${l.detail}${l.action ? `\n${' '.repeat(20)}→ ${l.action}` : ''}`,
    )
    .join('\n');
}
