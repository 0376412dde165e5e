/**
 * What the desk's configuration says about showing things, from `setup:status`: the clinic's time
 * zone (times on the desk are clinic time, whatever zone the computer's clock is set to) and the
 * languages it offers and starts in. Null before setup (and in a moment of loading).
 */
import { createContext, useCallback, useContext } from 'react';
import { formatClock, zonedIsoDate } from '../i18n/format.ts';
import type { Language } from '../../shared/languages.ts';

export interface DeskLanguages {
  enabled: readonly Language[];
  default: Language;
}

export interface Desk {
  timeZone: string | null;
  languages: DeskLanguages | null;
  /** After an admin saved other languages: the switchers follow at once. */
  setLanguages: (languages: DeskLanguages) => void;
}

export const DeskContext = createContext<Desk>({
  timeZone: null,
  languages: null,
  setLanguages: () => undefined,
});

export function useDesk(): Desk {
  return useContext(DeskContext);
}

/** "14:05" in the clinic's zone. */
export function useClinicClock(): (isoInstant: string) => string {
  const { timeZone } = useDesk();
  return useCallback((isoInstant: string) => formatClock(isoInstant, timeZone), [timeZone]);
}

/** A calendar date (YYYY-MM-DD) as the clinic's wall calendar shows it at `date`. */
export function useClinicDate(): (date?: Date) => string {
  const { timeZone } = useDesk();
  return useCallback((date: Date = new Date()) => zonedIsoDate(date, timeZone), [timeZone]);
}
