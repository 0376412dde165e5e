/**
 * How the audit chain can break, as src/core/audit/verify.ts finds it and the admin screen says it:
 *  - 'altered': a row's hash no longer matches (a changed byte, rows swapped or renumbered);
 *  - 'missing': a gap in the sequence numbers (a deleted row);
 *  - 'truncated': rows deleted at the end, seen against a head kept elsewhere;
 *  - 'unrecorded_anchor': rows deleted from the start with the anchor moved by hand.
 */
export const CHAIN_PROBLEMS = ['altered', 'missing', 'truncated', 'unrecorded_anchor'] as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[number];
