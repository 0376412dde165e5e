/**
 * Who works at the desk: doctors identify, registrars register and enrol, admins run the desk.
 * What each may do is decided in src/core/operators/operators.ts.
 */
export const ROLES = ['doctor', 'registrar', 'admin'] as const;
export type Role = (typeof ROLES)[number];
