import { useTranslation } from 'react-i18next';
import { i18n, LANGUAGE_CHOICES } from '../i18n/index.ts';
import { useDesk } from './desk.ts';
import type { Language } from '../../shared/languages.ts';

interface LanguageSwitcherProps {
  /** Called after the screen has switched (the consent screen also remembers it for the patient). */
  onChoose?: (language: Language) => void;
  /** The patient-facing switch is larger than the one in the header. */
  size?: 'normal' | 'large';
}

/** The languages this desk offers (all of them before setup), in the usual order. */
export function useOfferedLanguages(): (typeof LANGUAGE_CHOICES)[number][] {
  const { languages } = useDesk();
  return LANGUAGE_CHOICES.filter(({ code }) => languages === null || languages.enabled.includes(code));
}

/**
 * One tap switches the whole screen; each button is labelled in its own language. Only the
 * languages the clinic enabled are offered; with a single one there is nothing to switch.
 */
export function LanguageSwitcher({ onChoose, size = 'normal' }: LanguageSwitcherProps) {
  // The hook re-renders on a language change; the shared instance does the switching (the hook's
  // i18n is a per-language snapshot, not the instance itself).
  const { t } = useTranslation();
  const offered = useOfferedLanguages();
  if (offered.length < 2) return null;
  return (
    <nav
      className={size === 'large' ? 'language-switcher language-switcher--large' : 'language-switcher'}
      aria-label={t('common.language')}
    >
      {offered.map(({ code, label }) => {
        const active = i18n.resolvedLanguage === code;
        return (
          <button
            key={code}
            type="button"
            lang={code}
            className="language-switcher__button"
            aria-pressed={active}
            onClick={() => {
              void i18n.changeLanguage(code).then(() => onChoose?.(code));
            }}
          >
            {label}
          </button>
        );
      })}
    </nav>
  );
}
