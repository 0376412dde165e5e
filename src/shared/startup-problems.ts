/**
 * Why the desk refused to start, for the start-up screen (in kk/ru/en: what failed, what IT
 * should do) and the log. A configuration error is not here: it names the keys in its own dialog.
 */
export const STARTUP_PROBLEMS = [
  /** The database file is damaged or not a database. */
  'DATABASE_CORRUPT',
  /** The desk is configured, but its database is gone or empty: starting would make an empty desk. */
  'DATABASE_MISSING',
  /** The database file cannot be opened or written (permissions, a full or failing disk). */
  'DATABASE_UNAVAILABLE',
  /** The database was written by a newer Tanu. */
  'SCHEMA_TOO_NEW',
  /** The desk has records, but its data key is gone: never replaced by a new one. */
  'KEY_MISSING',
  /** The data key opens, but the records were not written with it. */
  'KEY_WRONG',
  /** The OS key store is locked, absent or would keep the key in plain text. */
  'KEY_STORE_LOCKED',
  /** The configuration file is gone while the database is there. */
  'CONFIG_MISSING',
  /** The shipped decision rule (resources/decision-rule.json) is missing, invalid or not the pinned one. */
  'DECISION_RULE_INVALID',
  /**
   * The records are behind the audit chain's head sealed outside them (restored from an older copy,
   * newest records deleted), rewritten from there, or that sealed head was deleted or replaced.
   */
  'AUDIT_CHAIN_BROKEN',
  /** Anything else; the log has the details. */
  'UNEXPECTED',
] as const;
export type StartupProblem = (typeof STARTUP_PROBLEMS)[number];

/** Problems the desk can mend itself from its transfer file (the data key and configuration). */
export const RECOVERABLE_FROM_TRANSFER: ReadonlySet<StartupProblem> = new Set<StartupProblem>([
  'KEY_MISSING',
  'CONFIG_MISSING',
]);
