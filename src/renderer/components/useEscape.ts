import { useEffect, useEffectEvent } from 'react';

/**
 * Escape as "back" or "cancel" on screens where that is safe. Ignored while a text field has the
 * focus and holds text, so a half-typed IIN is not thrown away by a reflex.
 */
export function useEscape(handler: (() => void) | null): void {
  const onEscape = useEffectEvent(() => handler?.());
  const enabled = handler !== null;
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target;
      if (target instanceof HTMLInputElement && target.type !== 'checkbox' && target.value !== '') return;
      event.preventDefault();
      onEscape();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled]);
}
