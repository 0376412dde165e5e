import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';

/** Placeholder home screen; the identification flow replaces the body later. */
export function App() {
  const { t } = useTranslation();
  const [version, setVersion] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    window.kiosk
      .appGetVersion()
      .then((result) => {
        if (!result.ok) console.error('[tanu] app:getVersion failed', result.code);
        else if (!cancelled) setVersion(result.value);
      })
      .catch((error: unknown) => {
        console.error('[tanu] app:getVersion failed', error);
      });
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <div className="screen">
      <header className="screen__top">
        <LanguageSwitcher />
      </header>
      <main className="screen__body">
        <h1 className="screen__title">{t('title')}</h1>
        <p className="screen__description">{t('description')}</p>
      </main>
      <footer className="screen__footer">{version === null ? null : t('version', { version })}</footer>
    </div>
  );
}
