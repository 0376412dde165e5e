/**
 * The unknown-login throttle (operators/sign-in-throttle.ts) is kept in the database instead of in
 * memory: a guesser who could restart the kiosk (a power cut, a crash) would otherwise start every
 * run of guesses afresh. One row for the desk: how many unknown logins in a row, and until when
 * sign-in pauses (ISO, desk time; NULL: no pause yet).
 */
import type { Migration } from '../migrate.ts';

export const signInThrottle: Migration = {
  version: 18,
  name: 'sign-in throttle',
  sql: `
    CREATE TABLE sign_in_throttle (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      unknown_in_a_row INTEGER NOT NULL CHECK (unknown_in_a_row >= 0),
      paused_until TEXT
    ) STRICT;
  `,
};
