import type { ReactNode } from 'react';
import { useErrorText } from '../i18n/error-text.ts';

interface ErrorNoteProps {
  code: string | null;
  /** The screen's own words for some codes (what went wrong here), instead of the usual message. */
  own?: Readonly<Record<string, string>>;
}

/** A failed call in words, announced to screen readers; nothing when there is no error. */
export function ErrorNote({ code, own }: ErrorNoteProps) {
  const errorText = useErrorText();
  if (code === null) return null;
  return (
    <p className="alert" role="alert">
      {own !== undefined && Object.hasOwn(own, code) ? own[code] : errorText(code)}
    </p>
  );
}

/** A calm status line (saved, printed, …); `tone` picks the colour. */
export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'ok' | 'warn' }) {
  return (
    <p className={tone === 'info' ? 'notice' : `notice notice--${tone}`} role="status">
      {children}
    </p>
  );
}
