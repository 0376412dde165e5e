/**
 * A check value of the desk's data key (a MAC of a fixed text under a key-derived subkey), so the
 * desk can tell at start that its key is the one its records were written with, before it writes
 * anything, and tell a wrong key apart from an altered audit row. Written once; never changed.
 */
import type { Migration } from '../migrate.ts';

export const keyCheck: Migration = {
  version: 9,
  name: 'key check',
  sql: `
    CREATE TABLE key_check (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      mac BLOB NOT NULL CHECK (length(mac) = 32)
    ) STRICT;
    CREATE TRIGGER key_check_no_update BEFORE UPDATE ON key_check
      BEGIN SELECT RAISE(ABORT, 'the key check is written once'); END;
    CREATE TRIGGER key_check_no_delete BEFORE DELETE ON key_check
      BEGIN SELECT RAISE(ABORT, 'the key check is written once'); END;
  `,
};
