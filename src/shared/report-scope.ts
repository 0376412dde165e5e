/**
 * The anti-fraud report's words shared by the contract, the report screen and `clinic report`
 * (plain values: the screens import them without the contract's schemas).
 */

/** The days the report screen (and `npm run clinic -- report`) shows unless told: today and the 29 before. */
export const DEFAULT_REPORT_DAYS = 30;

/**
 * Whose decisions a report counts: a single desk's (it is the whole clinic); every desk's, counted
 * at the clinic (a clinic desk online); or only this desk's (a clinic desk that cannot reach it).
 */
export const REPORT_SCOPES = ['single', 'clinic', 'desk'] as const;
export type ReportScope = (typeof REPORT_SCOPES)[number];

/**
 * The printed slip's ceilings (core/audit/fraud-report.ts explains the numbers): more slips than
 * this by one doctor in one clinic day, or a larger share of their identifications by slip (over at
 * least 10 of them), flags the doctor. Here so the report screen says the same numbers it applies.
 */
export const MAX_SLIPS_PER_DAY = 5;
export const SLIP_SHARE_CEILING = 0.2;
