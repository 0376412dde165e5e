/** A registrar as the clinic's reception-slip tests need one: issues slips (`PERMISSIONS.issue_slip`). */
import { randomUUID } from 'node:crypto';
import type { Operator } from '../../src/core/operators/operators.ts';

export const REGISTRAR: Operator = {
  id: randomUUID(),
  login: 'reg.dana',
  displayName: 'Dana',
  role: 'registrar',
  locked: false,
  failedAttempts: 0,
};
