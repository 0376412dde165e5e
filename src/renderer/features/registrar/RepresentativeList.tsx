import { useTranslation } from 'react-i18next';
import type { Representative } from '../../api/types.ts';
import { fullName } from '../../components/PatientCard.tsx';

/** Who may act for the patient: name, relation, and whether a code could reach them by phone. */
export function RepresentativeList({ list }: { list: readonly Representative[] }) {
  const { t } = useTranslation();
  return (
    <ul className="representatives">
      {list.map((r) => (
        <li key={r.representativeId} className="representatives__item">
          <span className="representatives__name">{fullName(r)}</span>
          <span className="representatives__relation">{t(`relations.${r.relation}`)}</span>
          {r.hasPhone ? null : <span className="badge badge--warn">{t('patient.badges.noPhone')}</span>}
        </li>
      ))}
    </ul>
  );
}
