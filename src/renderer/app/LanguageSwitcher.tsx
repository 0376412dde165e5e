import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/index.ts';

/** One tap switches the whole screen; each button is labelled in its own language. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <nav className="language-switcher" aria-label={t('languageSwitch')}>
      {LANGUAGES.map(({ code, label }) => {
        const active = i18n.resolvedLanguage === code;
        return (
          <button
            key={code}
            type="button"
            lang={code}
            className="language-switcher__button"
            aria-pressed={active}
            onClick={() => {
              void i18n.changeLanguage(code);
            }}
          >
            {label}
          </button>
        );
      })}
    </nav>
  );
}
