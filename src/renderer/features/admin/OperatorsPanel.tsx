import type { FormEvent } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { IpcResult } from '../../../shared/ipc/contract-kit.ts';
import type { OperatorAccount, Role } from '../../api/types.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorNote, Notice } from '../../components/Messages.tsx';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid.ts';
import { MIN_PASSWORD_LENGTH, OPERATOR_LOGIN_PATTERN } from '../setup/setup-rules.ts';

const ROLES: readonly Role[] = ['doctor', 'registrar', 'admin'];

interface NewAccount {
  login: string;
  displayName: string;
  role: Role;
  password: string;
  passwordAgain: string;
}

const EMPTY: NewAccount = { login: '', displayName: '', role: 'doctor', password: '', passwordAgain: '' };

type Problem = 'login' | 'displayName' | 'password' | 'passwordAgain';

function problemsOf(account: NewAccount): Problem[] {
  const problems: Problem[] = [];
  if (!OPERATOR_LOGIN_PATTERN.test(account.login)) problems.push('login');
  if (account.displayName.trim() === '') problems.push('displayName');
  if (account.password.length < MIN_PASSWORD_LENGTH) problems.push('password');
  else if (account.password !== account.passwordAgain) problems.push('passwordAgain');
  return problems;
}

/** Who may use this desk, and a new account (doctor, registrar or admin). */
export function OperatorsPanel() {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<OperatorAccount[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [account, setAccount] = useState<NewAccount>(EMPTY);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [unlocking, setUnlocking] = useState<string | null>(null);
  const [unlocked, setUnlocked] = useState<string | null>(null);
  const [unlockError, setUnlockError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);
  useFocusFirstInvalid(formRef, problems);

  const showList = useCallback((result: IpcResult<OperatorAccount[]>) => {
    if (result.ok) setAccounts(result.value);
    else setListError(result.code);
  }, []);

  useEffect(() => {
    let current = true;
    void kioskCall((k) => k.adminListOperators()).then((result) => {
      if (current) showList(result);
    });
    return () => {
      current = false;
    };
  }, [showList]);

  const set = (key: keyof NewAccount) => (e: { target: { value: string } }) => {
    setCreated(null);
    setAccount((a) => ({ ...a, [key]: e.target.value }));
  };
  const problem = (key: Problem) => (problems.includes(key) ? t(`admin.operators.problems.${key}`) : null);

  const unlock = async (operatorId: string) => {
    setUnlocking(operatorId);
    setUnlocked(null);
    setUnlockError(null);
    const result = await kioskCall((k) => k.adminUnlockOperator({ operatorId }));
    setUnlocking(null);
    if (!result.ok) {
      setUnlockError(result.code);
      return;
    }
    setUnlocked(result.value.displayName);
    showList(await kioskCall((k) => k.adminListOperators()));
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const found = problemsOf(account);
    setProblems(found);
    setError(null);
    setCreated(null);
    if (found.length > 0) return;
    setBusy(true);
    const result = await kioskCall((k) =>
      k.adminCreateOperator({
        login: account.login,
        displayName: account.displayName.trim(),
        role: account.role,
        secret: account.password,
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setError(result.code);
      return;
    }
    setCreated(result.value.displayName);
    setAccount(EMPTY);
    showList(await kioskCall((k) => k.adminListOperators()));
  };

  return (
    <div className="operators">
      <section className="card" aria-labelledby="operators-list">
        <h2 id="operators-list" className="card__title">
          {t('admin.operators.list')}
        </h2>
        <ErrorNote code={listError} />
        <ErrorNote code={unlockError} />
        {unlocked === null ? null : (
          <Notice tone="ok">{t('admin.operators.unlocked', { name: unlocked })}</Notice>
        )}
        {accounts === null ? null : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.operators.displayName')}</th>
                <th scope="col">{t('admin.operators.login')}</th>
                <th scope="col">{t('admin.operators.role')}</th>
                <th scope="col">{t('admin.operators.status')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id}>
                  <td>{a.displayName}</td>
                  <td>{a.login}</td>
                  <td>{t(`roles.${a.role}`)}</td>
                  <td>
                    {a.locked ? (
                      <span className="operators__locked">
                        <span className="badge badge--warn">{t('admin.operators.locked')}</span>
                        <button
                          type="button"
                          className="btn btn--small"
                          onClick={() => void unlock(a.id)}
                          disabled={unlocking !== null}
                        >
                          {t('admin.operators.unlock')}
                        </button>
                      </span>
                    ) : (
                      t('admin.operators.active')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <form
        ref={formRef}
        className="form card"
        onSubmit={(e) => void create(e)}
        noValidate
        aria-labelledby="operators-new"
      >
        <h2 id="operators-new" className="card__title">
          {t('admin.operators.new')}
        </h2>
        <div className="form__row">
          <TextField
            label={t('admin.operators.displayName')}
            value={account.displayName}
            onChange={set('displayName')}
            error={problem('displayName')}
            maxLength={200}
          />
          <TextField
            label={t('admin.operators.login')}
            hint={t('setup.loginHint')}
            value={account.login}
            onChange={set('login')}
            error={problem('login')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
          />
          <SelectField
            label={t('admin.operators.role')}
            value={account.role}
            onChange={(e) => {
              const role = ROLES.find((r) => r === e.target.value);
              if (role !== undefined) setAccount((a) => ({ ...a, role }));
            }}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="form__row">
          <TextField
            label={t('admin.operators.password')}
            hint={t('setup.passwordHint')}
            type="password"
            value={account.password}
            onChange={set('password')}
            error={problem('password')}
            autoComplete="new-password"
            maxLength={200}
          />
          <TextField
            label={t('admin.operators.passwordAgain')}
            type="password"
            value={account.passwordAgain}
            onChange={set('passwordAgain')}
            error={problem('passwordAgain')}
            autoComplete="new-password"
            maxLength={200}
          />
        </div>
        <ErrorNote code={error} />
        {created === null ? null : (
          <Notice tone="ok">{t('admin.operators.created', { name: created })}</Notice>
        )}
        <div className="actions actions--end">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t('admin.operators.create')}
          </button>
        </div>
      </form>
    </div>
  );
}
