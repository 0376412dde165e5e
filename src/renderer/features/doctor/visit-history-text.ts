import type { TFunction } from 'i18next';
import type { VisitHistoryRow } from '../../api/types.ts';
import { VISIT_END_STATES, VISIT_METHODS } from '../../../shared/visit-view.ts';
import type { VisitEndState, VisitMethod } from '../../../shared/visit-view.ts';

function isOutcome(value: string): value is VisitEndState {
  return (VISIT_END_STATES as readonly string[]).includes(value);
}

function isMethod(value: string): value is VisitMethod {
  return (VISIT_METHODS as readonly string[]).includes(value);
}

/** How a visit ended, in words; a visit still open reads "In progress". */
export function visitOutcomeText(t: TFunction, row: Pick<VisitHistoryRow, 'endState'>): string {
  if (row.endState === null) return t('doctor.today.outcomes.open');
  return isOutcome(row.endState) ? t(`doctor.today.outcomes.${row.endState}`) : row.endState;
}

export function visitMethodText(t: TFunction, method: string): string {
  return isMethod(method) ? t(`methods.${method}`) : method;
}
