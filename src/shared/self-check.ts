/**
 * The desk's self-check as main reports it and the admin screen says it: every check, the outcomes
 * it can report (stable names; the values go in `params`), and those that come with something to
 * do. src/core/doctor/ runs the checks, typed by these lists; the screen has a text for each.
 * Besides these, any check may report 'failed': an unexpected error, whose message is English only.
 */

export const CHECK_STATUSES = ['OK', 'WARN', 'FAIL'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Every check main runs, in the order it runs them, with the outcomes it can report. */
export const SELF_CHECK_REASONS = {
  configuration: ['ok', 'missing'],
  models: ['ok'],
  'face engine': ['ok', 'slow', 'wrong-faces'],
  key: ['ok', 'out-of-reach'],
  database: ['ok', 'ok-no-key', 'missing', 'integrity', 'chain-broken', 'clinic-ack'],
  disk: ['ok', 'low', 'critical'],
  gateway: ['ok', 'offline', 'no-key', 'no-token', 'refused', 'unreachable'],
  printer: ['ok', 'keeps-files', 'no-history', 'no-cups'],
} as const;

export type SelfCheckName = keyof typeof SELF_CHECK_REASONS;
export type SelfCheckReason<C extends SelfCheckName> = (typeof SELF_CHECK_REASONS)[C][number];

/** The outcome of a check that threw: its message is the detail, and the action a generic one. */
export const CHECK_FAILED = 'failed';

/** The outcomes that come with something to do (main sends an `action` with them, and only them). */
export const SELF_CHECK_ACTIONS = {
  configuration: ['missing'],
  'face engine': ['slow', 'wrong-faces'],
  key: ['out-of-reach'],
  database: ['missing', 'integrity', 'chain-broken', 'clinic-ack'],
  disk: ['low', 'critical'],
  gateway: ['offline', 'no-token', 'refused', 'unreachable'],
  printer: ['keeps-files', 'no-history', 'no-cups'],
} as const satisfies { [C in SelfCheckName]?: readonly SelfCheckReason<C>[] };

export type SelfCheckWithAction = keyof typeof SELF_CHECK_ACTIONS;
export type SelfCheckActionReason<C extends SelfCheckWithAction> = (typeof SELF_CHECK_ACTIONS)[C][number];

/** The outcomes of check C that come with an action (none for a check without any). */
export type ActionReasonOf<C extends SelfCheckName> = C extends SelfCheckWithAction
  ? SelfCheckActionReason<C>
  : never;
