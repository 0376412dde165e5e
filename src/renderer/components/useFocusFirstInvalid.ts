import { useEffect } from 'react';
import type { RefObject } from 'react';

/**
 * After a refused submit, puts the focus (and the scroll) on the first field marked invalid, so a
 * keyboard user lands on what to fix instead of on the submit button at the bottom of the form.
 * `attempt` is the list of problems of the latest submit: a new list means a new attempt.
 */
export function useFocusFirstInvalid(form: RefObject<HTMLElement | null>, attempt: readonly unknown[]): void {
  useEffect(() => {
    if (attempt.length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, attempt]);
}
