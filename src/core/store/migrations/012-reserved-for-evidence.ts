/**
 * PLACEHOLDER, never to ship: version 12 belongs to the evidence push (branch issue-15-evidence),
 * built at the same time as 013 on another branch. Migrations must be numbered 1..n, so this empty
 * one lets 013 run on this branch. When both branches are merged, delete this file and list the
 * evidence branch's 012 in index.ts in its place.
 */
import type { Migration } from '../migrate.ts';

export const reservedForEvidence: Migration = {
  version: 12,
  name: 'reserved for the evidence push (placeholder)',
  sql: '',
};
