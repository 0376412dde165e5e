/**
 * The self-check's lines in the desk's language. Main sends each line's check, its reason (a stable
 * name for the outcome, listed in src/shared/self-check.ts) and the values in it; `detail` and `action`
 * are the English the terminal prints. The screen says the reasons it knows in its own words and
 * falls back to main's English for the rest: 'failed' (an unexpected error, whose message exists in
 * English only) and anything a newer main may add.
 */
import { CHAIN_PROBLEMS, type ChainProblem } from '../../../shared/audit-chain.ts';
import {
  SELF_CHECK_ACTIONS,
  SELF_CHECK_REASONS,
  type SelfCheckActionReason,
  type SelfCheckName,
  type SelfCheckReason,
  type SelfCheckWithAction,
} from '../../../shared/self-check.ts';

type ReasonKey = {
  [C in SelfCheckName]: `admin.selfCheck.reasons.${C}.${SelfCheckReason<C>}`;
}[SelfCheckName];

type ActionKey = {
  [C in SelfCheckWithAction]: `admin.selfCheck.actions.${C}.${SelfCheckActionReason<C>}`;
}[SelfCheckWithAction];

type ChainProblemKey = `admin.selfCheck.chainProblems.${ChainProblem}`;

function listed(list: Readonly<Record<string, readonly string[]>>, check: string, reason: string): boolean {
  return Object.hasOwn(list, check) && (list[check] ?? []).includes(reason);
}

export function isKnownCheck(name: string): name is SelfCheckName {
  return Object.hasOwn(SELF_CHECK_REASONS, name);
}

/** The message saying this outcome, or null when the screen does not know it (main's English then). */
export function reasonKey(check: string, reason: string): ReasonKey | null {
  // Checked against the shared list the Messages type is built from, so the key exists in every locale.
  return listed(SELF_CHECK_REASONS, check, reason)
    ? (`admin.selfCheck.reasons.${check}.${reason}` as ReasonKey)
    : null;
}

/** The message saying what to do about this outcome, or null (main's English then). */
export function actionKey(check: string, reason: string): ActionKey | null {
  return listed(SELF_CHECK_ACTIONS, check, reason)
    ? (`admin.selfCheck.actions.${check}.${reason}` as ActionKey)
    : null;
}

export function chainProblemKey(problem: string): ChainProblemKey | null {
  return (CHAIN_PROBLEMS as readonly string[]).includes(problem)
    ? (`admin.selfCheck.chainProblems.${problem}` as ChainProblemKey)
    : null;
}
