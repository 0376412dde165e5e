import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Representative } from '../../api/types.ts';
import { fullName } from '../../components/PatientCard.tsx';

interface RepresentativeListProps {
  list: readonly Representative[];
  /** Offers "Unlink" on each person (the registrar's record); the caller asks first. */
  onUnlink?: (representative: Representative) => void;
  busy?: boolean;
}

/** Who may act for the patient: name, relation, and whether a code could reach them by phone. */
export function RepresentativeList({ list, onUnlink, busy = false }: RepresentativeListProps) {
  const { t } = useTranslation();
  const idPrefix = useId();
  return (
    <ul className="representatives">
      {list.map((r) => {
        const nameId = `${idPrefix}-${r.representativeId}`;
        return (
          <li key={r.representativeId} className="representatives__item">
            <span className="representatives__who">
              <span id={nameId} className="representatives__name">
                {fullName(r)}
              </span>
              <span className="representatives__relation">{t(`relations.${r.relation}`)}</span>
              {r.hasPhone ? null : <span className="badge badge--warn">{t('patient.badges.noPhone')}</span>}
            </span>
            {onUnlink === undefined ? null : (
              <button
                type="button"
                className="btn btn--quiet btn--small representatives__unlink"
                aria-describedby={nameId}
                onClick={() => onUnlink(r)}
                disabled={busy}
              >
                {t('record.unlink')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
