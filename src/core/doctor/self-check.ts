/**
 * The desk's self-check, shared by `npm run doctor` and the admin screen. Each line is OK / WARN /
 * FAIL with what to do about it, in words an IT person can act on; a FAIL means the kiosk cannot
 * do its job (and `doctor` exits non-zero). Each check is its own function in ./checks; they run
 * independently, in the order src/shared/self-check.ts lists them, and one failing does not hide
 * the others. What a check learns is passed on explicitly: the configuration to the gateway check,
 * the data key (only when it checked out) to the database and gateway checks.
 */
import type { FrameAnalysis, RawFrame } from '../../shared/face.ts';
import type { KeyProvider } from '../crypto/key-provider.ts';
import { attempt, type CheckLine } from './check-line.ts';
import { checkConfiguration } from './checks/configuration.ts';
import { checkDatabase } from './checks/database.ts';
import { checkDisk } from './checks/disk.ts';
import { checkFaceEngine } from './checks/face-engine.ts';
import { checkGateway } from './checks/gateway.ts';
import { checkKey } from './checks/key.ts';
import { checkModels } from './checks/models.ts';
import { checkPrinter } from './checks/printer.ts';

export type { CheckLine, CheckStatus } from './check-line.ts';

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

export async function runSelfCheck(deps: SelfCheckDeps): Promise<CheckLine[]> {
  const { line: configuration, config } = checkConfiguration(deps.configPath);
  const models = await attempt('models', () => checkModels(deps.modelsDir));
  const faceEngine = await attempt('face engine', () =>
    checkFaceEngine({
      selftestImage: deps.selftestImage,
      analyze: (frame) => deps.analyze(frame),
      ...(deps.engineLoadMs === undefined ? {} : { engineLoadMs: deps.engineLoadMs }),
      budgetMs: deps.analyzeBudgetMs ?? 1500,
      now: deps.now ?? (() => performance.now()),
    }),
  );
  const key = await attempt('key', () => checkKey(deps.keyProvider));
  // A key that did not check out is not used to open anything else.
  const provider = key.status === 'OK' ? deps.keyProvider : null;
  const lines = [
    configuration,
    models,
    faceEngine,
    key,
    await attempt('database', () => checkDatabase(deps.dataDir, provider, config?.desk.id)),
    await attempt('disk', () => checkDisk(deps.dataDir)),
    await attempt('gateway', () => checkGateway(config, deps.dataDir, provider)),
  ];
  const cupsdConf = deps.cupsdConfPath ?? null;
  if (cupsdConf !== null) lines.push(await attempt('printer', () => checkPrinter(cupsdConf)));
  return lines;
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
