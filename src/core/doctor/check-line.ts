/**
 * One line of the self-check and the only ways to make one. A line's reason is typed by its check
 * (src/shared/self-check.ts lists them for the admin screen), and the outcomes that come with
 * something to do are made by `actionLine` alone, so a check cannot send an action the screen has
 * no words for, nor leave one out.
 */
import {
  CHECK_FAILED,
  type ActionReasonOf,
  type CheckStatus,
  type SelfCheckActionReason,
  type SelfCheckName,
  type SelfCheckReason,
  type SelfCheckWithAction,
} from '../../shared/self-check.ts';

export type { CheckStatus };

export type CheckParams = Record<string, string | number>;

export interface CheckLine {
  check: SelfCheckName;
  status: CheckStatus;
  /**
   * Which outcome of the check, stable (e.g. 'chain-broken'), with its values in `params`: the admin
   * screen says it in the desk's language; `detail` and `action` are the English for the terminal.
   */
  reason: string;
  params: CheckParams;
  detail: string;
  /** What to do, for WARN and FAIL. */
  action?: string;
}

/** An outcome with nothing to do about it. */
export function line<C extends SelfCheckName>(
  check: C,
  status: CheckStatus,
  reason: Exclude<SelfCheckReason<C>, ActionReasonOf<C>>,
  params: CheckParams,
  detail: string,
): CheckLine {
  return { check, status, reason, params, detail };
}

/** An outcome that comes with what to do. */
export function actionLine<C extends SelfCheckWithAction>(
  check: C,
  status: Exclude<CheckStatus, 'OK'>,
  reason: SelfCheckActionReason<C>,
  params: CheckParams,
  detail: string,
  action: string,
): CheckLine {
  return { check, status, reason, params, detail, action };
}

/** A check that threw: its message (English, never patient data) is the detail. */
export function failedLine(check: SelfCheckName, error: unknown): CheckLine {
  const message = error instanceof Error ? error.message : String(error);
  return {
    check,
    status: 'FAIL',
    reason: CHECK_FAILED,
    params: {},
    detail: message,
    action: 'See the message; reinstall or restore from backup if it persists.',
  };
}

/** Runs one check; whatever it throws becomes its FAIL line, so one check never hides the others. */
export async function attempt(
  check: SelfCheckName,
  run: () => Promise<CheckLine> | CheckLine,
): Promise<CheckLine> {
  try {
    return await run();
  } catch (error) {
    return failedLine(check, error);
  }
}
