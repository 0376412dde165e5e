/**
 * A lock after wrong passwords is timed, with back-off, instead of lasting until an admin unlocks
 * it (operators.ts): `locked_until` is when this desk's lock ends (NULL: a lock with no end, as
 * pulled from the clinic or made before this migration, which an admin unlocks), `lock_count` how
 * many timed locks in a row the account has had, which doubles the next one.
 */
import type { Migration } from '../migrate.ts';

export const timedLockout: Migration = {
  version: 17,
  name: 'timed lockout',
  sql: `
    ALTER TABLE operator ADD COLUMN locked_until TEXT;
    ALTER TABLE operator ADD COLUMN lock_count INTEGER NOT NULL DEFAULT 0 CHECK (lock_count >= 0);
  `,
};
