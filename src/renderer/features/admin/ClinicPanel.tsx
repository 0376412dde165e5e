import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskCall } from '../../api/kiosk-call.ts';
import type { ClinicStatus } from '../../../shared/ipc/clinic-channels.ts';
import type { IpcResult } from '../../../shared/ipc/contract-kit.ts';
import { TextField } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Messages.tsx';
import { usePassphraseSubmit } from '../../components/usePassphraseSubmit.ts';
import { formatInstant } from './format-instant.ts';

type ClinicView = Extract<ClinicStatus, { mode: 'clinic' }>;

/**
 * The desk's link to the clinic database: whether it is online, what the clinic has acknowledged,
 * what is still only on this desk, and every desk of the clinic with its last contact and
 * acknowledged head. A single desk says so and where to read how a clinic connects its desks.
 */
export function ClinicPanel() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ClinicStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  const show = useCallback((result: IpcResult<ClinicStatus>) => {
    if (result.ok) setStatus(result.value);
    else setError(result.code);
  }, []);
  const load = async () => show(await kioskCall((k) => k.clinicStatus()));

  useEffect(() => {
    let current = true;
    void kioskCall((k) => k.clinicStatus()).then((result) => {
      if (current) show(result);
    });
    return () => {
      current = false;
    };
  }, [show]);

  if (status === null) return <ErrorNote code={error} />;
  if (status.mode === 'single') {
    return (
      <div className="clinic-link" data-clinic="single">
        <section className="card">
          <h2>{t('clinicLink.single')}</h2>
          <p>{t('clinicLink.singleLead')}</p>
        </section>
        <JoinClinicForm onJoined={() => void load()} />
      </div>
    );
  }
  return (
    <div className="clinic-link" data-clinic={status.state}>
      <ErrorNote code={error} />
      <ClinicLinkFacts status={status} />
      <ClinicDesks status={status} />
      <div className="actions">
        <button type="button" className="btn" onClick={() => void load()}>
          {t('clinicLink.refresh')}
        </button>
      </div>
    </div>
  );
}

function ClinicLinkFacts({ status }: { status: ClinicView }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string | null) =>
    iso === null ? t('clinicLink.never') : formatInstant(iso, i18n.language);
  return (
    <dl className="card clinic-link__facts">
      <dt>{t('clinicLink.server')}</dt>
      <dd>{status.server}</dd>
      <dt>{t('clinicLink.desk')}</dt>
      <dd>{status.desk}</dd>
      <dt>{t('clinicLink.state')}</dt>
      <dd data-state={status.state}>{t(`clinicLink.states.${status.state}`)}</dd>
      <dt>{t('clinicLink.lastContact')}</dt>
      <dd>{when(status.lastContactAt)}</dd>
      <dt>{t('clinicLink.acknowledged')}</dt>
      <dd>
        {status.acknowledged === null
          ? t('clinicLink.nothingAcknowledged')
          : t('clinicLink.ackLine', { seq: status.acknowledged.seq, at: when(status.acknowledged.at) })}
      </dd>
      <dt>{t('clinicLink.unsent')}</dt>
      <dd>
        {t('clinicLink.unsentLine', {
          decisions: status.unsent.decisions,
          oldest: when(status.unsent.oldestAt),
          changes: status.unsent.changes,
        })}
        {status.overBudget === null ? null : (
          <span className="notice notice--warn">
            {t(`clinicLink.over.${status.overBudget.reason}`, { amount: status.overBudget.amount })}
          </span>
        )}
      </dd>
      <dt>{t('clinicLink.budget')}</dt>
      <dd>{t('clinicLink.budgetLine', status.budget)}</dd>
    </dl>
  );
}

function ClinicDesks({ status }: { status: ClinicView }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string | null) =>
    iso === null ? t('clinicLink.never') : formatInstant(iso, i18n.language);
  return (
    <section className="card">
      <h2>{t('clinicLink.desks')}</h2>
      {status.desks.length === 0 ? (
        <p className="muted">{t('clinicLink.noDesks')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('clinicLink.deskName')}</th>
              <th scope="col">{t('clinicLink.deskContact')}</th>
              <th scope="col" className="num">
                {t('clinicLink.deskHead')}
              </th>
              <th scope="col">{t('clinicLink.deskAck')}</th>
              <th scope="col" className="num">
                {t('clinicLink.deskUnsent')}
              </th>
            </tr>
          </thead>
          <tbody>
            {status.desks.map((d) => (
              <tr key={d.desk} data-desk={d.desk}>
                <td>
                  {d.desk}
                  {d.revoked ? ` (${t('clinicLink.revokedDesk')})` : ''}
                </td>
                <td>{when(d.lastContactAt)}</td>
                <td className="num" data-head>
                  {d.headSeq ?? '—'}
                </td>
                <td>{when(d.acknowledgedAt)}</td>
                <td className="num" data-unsent>
                  {d.unsentDecisions ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status.rejects.newest.length === 0 ? null : (
        <>
          <h3>{t('clinicLink.rejects')}</h3>
          {status.rejects.total > status.rejects.newest.length ? (
            <p data-rejects-total={status.rejects.total}>
              {t('clinicLink.rejectsNewest', {
                total: status.rejects.total,
                shown: status.rejects.newest.length,
              })}
            </p>
          ) : null}
          <ul>
            {status.rejects.newest.map((r) => (
              <li key={`${r.desk}-${r.kind}-${r.at ?? ''}`}>
                {when(r.at)} · {r.desk} · {r.kind}: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {status.duplicates.length === 0 ? null : (
        <>
          <h3>{t('clinicLink.duplicates')}</h3>
          <ul>
            {status.duplicates.map((f) => (
              <li key={`${f.kind}-${f.patientId}-${f.otherPatientId ?? ''}`} data-flag={f.kind}>
                {when(f.at)} · {f.desk} · {t(`clinicLink.flagKinds.${f.kind}`)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The admin joins the desk to its clinic with the provisioning file IT made and its passphrase. */
function JoinClinicForm({ onJoined }: { onJoined: () => void }) {
  const { t } = useTranslation();
  const form = usePassphraseSubmit((k, passphrase) => k.clinicJoin({ passphrase }), onJoined, [
    'DECRYPT_FAILED',
  ]);
  return (
    <form className="form card" onSubmit={(e) => void form.submit(e)} noValidate>
      <h2>{t('clinicLink.joinTitle')}</h2>
      <p>{t('clinicLink.joinLead')}</p>
      <TextField
        label={t('clinicLink.passphrase')}
        type="password"
        value={form.passphrase}
        onChange={(e) => form.type(e.target.value)}
        error={form.missing ? t('clinicLink.noPassphrase') : null}
        autoComplete="off"
        maxLength={256}
      />
      <ErrorNote
        code={form.error}
        own={{
          DECRYPT_FAILED: t('clinicLink.wrongPassphrase'),
          SETUP_REQUIRED: t('clinicLink.noFile'),
          CLINIC_INVALID_ARGUMENTS: t('clinicLink.notProvisioning'),
          CLINIC_TLS_REQUIRED: t('clinicLink.tlsRequired'),
          CLINIC_CERTIFICATE_INVALID: t('clinicLink.certificateInvalid'),
        }}
      />
      <div className="actions actions--end">
        <button type="submit" className="btn btn--primary" disabled={form.busy}>
          {form.busy ? t('clinicLink.joining') : t('clinicLink.join')}
        </button>
      </div>
    </form>
  );
}
