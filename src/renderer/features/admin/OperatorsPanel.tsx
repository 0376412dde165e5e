import type { FormEvent } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { IpcResult } from '../../../shared/ipc/contract-kit.ts';
import type { OperatorAccount } from '../../api/types.ts';
import { SelectField } from '../../components/Field.tsx';
import { ErrorNote, Notice } from '../../components/Messages.tsx';
import type { NewAccountProblem, NewAccountValues } from '../../components/NewAccountFields.tsx';
import { NewAccountFields, newAccountProblems } from '../../components/NewAccountFields.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid.ts';
import { ROLES, type Role } from '../../../shared/roles.ts';

interface NewAccount extends NewAccountValues {
  role: Role;
}

const EMPTY: NewAccount = { login: '', displayName: '', role: 'doctor', password: '', passwordAgain: '' };

/** Who may use this desk, and a new account (doctor, registrar or admin). */
export function OperatorsPanel() {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<OperatorAccount[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [account, setAccount] = useState<NewAccount>(EMPTY);
  const [problems, setProblems] = useState<NewAccountProblem[]>([]);
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

  const set = (key: keyof NewAccountValues, value: string) => {
    setCreated(null);
    setAccount((a) => ({ ...a, [key]: value }));
  };

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
    const found = newAccountProblems(account);
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
            <TableHead
              columns={[
                { label: t('admin.operators.displayName') },
                { label: t('admin.operators.login') },
                { label: t('admin.operators.role') },
                { label: t('admin.operators.status') },
              ]}
            />
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
        <NewAccountFields texts="admin.operators" account={account} onChange={set} problems={problems}>
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
        </NewAccountFields>
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
