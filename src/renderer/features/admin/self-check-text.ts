/**
 * The self-check's lines in the desk's language. Main sends each line's check, its reason (a stable
 * name for the outcome, src/core/doctor/self-check.ts) and the values in it; `detail` and `action`
 * are the English the terminal prints. The screen says the reasons it knows in its own words and
 * falls back to main's English for the rest: 'failed' (an unexpected error, whose message exists in
 * English only) and anything a newer main may add.
 */

/** Every check main runs, with the outcomes it can report besides 'failed'. */
export const SELF_CHECK_REASONS = {
  configuration: ['ok', 'missing'],
  models: ['ok'],
  'face engine': ['ok', 'slow', 'wrong-faces'],
  key: ['ok', 'out-of-reach'],
  database: ['ok', 'ok-no-key', 'missing', 'integrity', 'chain-broken'],
  disk: ['ok', 'low', 'critical'],
  gateway: ['ok', 'offline', 'no-key', 'no-token', 'refused', 'unreachable'],
  printer: ['ok', 'keeps-files', 'no-history', 'no-cups'],
} as const;

export type SelfCheckName = keyof typeof SELF_CHECK_REASONS;
export type SelfCheckReason<C extends SelfCheckName> = (typeof SELF_CHECK_REASONS)[C][number];

/** The outcomes that come with something to do (main sends an `action` with them). */
export const SELF_CHECK_ACTIONS = {
  configuration: ['missing'],
  'face engine': ['slow', 'wrong-faces'],
  key: ['out-of-reach'],
  database: ['missing', 'integrity', 'chain-broken'],
  disk: ['low', 'critical'],
  gateway: ['offline', 'no-token', 'refused', 'unreachable'],
  printer: ['keeps-files', 'no-history', 'no-cups'],
} as const satisfies { [C in SelfCheckName]?: readonly SelfCheckReason<C>[] };

export type SelfCheckWithAction = keyof typeof SELF_CHECK_ACTIONS;
export type SelfCheckActionReason<C extends SelfCheckWithAction> = (typeof SELF_CHECK_ACTIONS)[C][number];

/** How the audit chain can break (ChainProblem in src/core/audit/verify.ts). */
export const CHAIN_PROBLEMS = ['altered', 'missing', 'truncated', 'unrecorded_anchor'] as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[number];

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
  // Checked against the list just above, so the key exists in every locale.
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
