import { useTranslation } from 'react-i18next';
import type { OperatorView } from '../api/types.ts';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';

interface AppHeaderProps {
  clinicName: string | null;
  operator: OperatorView | null;
  onSignOut: () => void;
}

/** The same top line everywhere: the clinic, who is signed in, the language, and signing out. */
export function AppHeader({ clinicName, operator, onSignOut }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__product">Tanu</span>
        {clinicName === null ? null : <span className="app-header__clinic">{clinicName}</span>}
      </div>
      <div className="app-header__side">
        <LanguageSwitcher />
        {operator === null ? null : (
          <>
            <p className="app-header__operator">
              <span className="app-header__operator-name">{operator.displayName}</span>
              <span className="app-header__role">{t(`roles.${operator.role}`)}</span>
            </p>
            <button type="button" className="btn btn--quiet btn--small" onClick={onSignOut}>
              {t('common.signOut')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
