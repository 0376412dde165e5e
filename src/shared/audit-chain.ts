/**
 * How the audit chain can break, as src/core/audit/verify.ts finds it and the admin screen says it:
 *  - 'altered': a row's hash no longer matches (a changed byte, rows swapped or renumbered);
 *  - 'missing': a gap in the sequence numbers (a deleted row);
 *  - 'truncated': rows deleted at the end, seen against a head kept elsewhere;
 *  - 'unrecorded_anchor': rows deleted from the start with the anchor moved by hand;
 *  - 'head_unreadable': the sealed head kept beside the database does not open with the desk's key;
 *  - 'head_missing': that file is gone although the chain records that the desk kept it;
 *  - 'record_missing' / 'record_altered': a decision or visit row an audit row binds was deleted / changed.
 * A database behind its sealed head (restored from an older copy, its newest rows deleted) is 'truncated'.
 */
export const CHAIN_PROBLEMS = [
  'altered',
  'missing',
  'truncated',
  'unrecorded_anchor',
  'head_unreadable',
  'head_missing',
  'record_missing',
  'record_altered',
] as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[number];
