import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from './Field.tsx';

/**
 * A new operator account's name, login and password (typed twice), and their checks, mirroring
 * what main accepts (src/core/operators/operators.ts) so a mistake is pointed at next to its field
 * before anything is sent. Main checks again and stays the authority. Used for the first admin at
 * setup and for the admin's new accounts.
 */

export interface NewAccountValues {
  displayName: string;
  login: string;
  password: string;
  passwordAgain: string;
}

export type NewAccountProblem = 'login' | 'displayName' | 'password' | 'passwordAgain';

export const OPERATOR_LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;
export const MIN_PASSWORD_LENGTH = 8;
const MAX_NAME_LENGTH = 200;
const MAX_PASSWORD_LENGTH = 200;

/** Every account field that would be refused, in the order of the checks. */
export function newAccountProblems(account: NewAccountValues): NewAccountProblem[] {
  const problems: NewAccountProblem[] = [];
  if (!OPERATOR_LOGIN_PATTERN.test(account.login)) problems.push('login');
  if (account.displayName.trim() === '' || account.displayName.length > MAX_NAME_LENGTH) {
    problems.push('displayName');
  }
  if (account.password.length < MIN_PASSWORD_LENGTH || account.password.length > MAX_PASSWORD_LENGTH) {
    problems.push('password');
  } else if (account.password !== account.passwordAgain) problems.push('passwordAgain');
  return problems;
}

interface NewAccountFieldsProps {
  /** Where the labels and the problems' words live: setup's first admin, or the admin's new account. */
  texts: 'setup' | 'admin.operators';
  account: NewAccountValues;
  onChange: (key: keyof NewAccountValues, value: string) => void;
  /** The latest submit's problems; those of other fields are ignored. */
  problems: readonly string[];
  /** More fields on the name and login row (the new account's role). */
  children?: ReactNode;
}

/** Two rows: name and login (and `children`), then the password and its repetition. */
export function NewAccountFields({ texts, account, onChange, problems, children }: NewAccountFieldsProps) {
  const { t } = useTranslation();
  const set = (key: keyof NewAccountValues) => (e: { target: { value: string } }) =>
    onChange(key, e.target.value);
  const problem = (key: NewAccountProblem) => (problems.includes(key) ? t(`${texts}.problems.${key}`) : null);
  return (
    <>
      <div className="form__row">
        <TextField
          label={t(`${texts}.displayName`)}
          value={account.displayName}
          onChange={set('displayName')}
          error={problem('displayName')}
          maxLength={MAX_NAME_LENGTH}
        />
        <TextField
          label={t(`${texts}.login`)}
          hint={t('setup.loginHint')}
          value={account.login}
          onChange={set('login')}
          error={problem('login')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={32}
        />
        {children}
      </div>
      <div className="form__row">
        <TextField
          label={t(`${texts}.password`)}
          hint={t('setup.passwordHint')}
          type="password"
          value={account.password}
          onChange={set('password')}
          error={problem('password')}
          autoComplete="new-password"
          maxLength={MAX_PASSWORD_LENGTH}
        />
        <TextField
          label={t(`${texts}.passwordAgain`)}
          type="password"
          value={account.passwordAgain}
          onChange={set('passwordAgain')}
          error={problem('passwordAgain')}
          autoComplete="new-password"
          maxLength={MAX_PASSWORD_LENGTH}
        />
      </div>
    </>
  );
}
